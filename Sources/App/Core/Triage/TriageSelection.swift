/// The rows an action applies to, as a form's checkboxes (`item:12`, `tip:3`) or the API's id lists
/// name them. Bounded by `EvidenceSelection.limit`; an empty or malformed selection is a 422 naming
/// `findings`.
enum TriageSelection {
    static let field = "findings"

    static func parse(form values: [String]) throws -> EvidenceSelection {
        guard values.count <= EvidenceSelection.limit else {
            throw AppError.invalid(field, "error.too_many", ["max": String(EvidenceSelection.limit)])
        }
        var selection = EvidenceSelection()
        for value in values {
            let parts = value.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[1].count <= 18, let id = Int(parts[1]), id > 0 else {
                throw AppError.invalid(field, "error.unknown_value")
            }
            switch parts[0] {
            case "item": selection.itemIDs.append(id)
            case "tip": selection.tipIDs.append(id)
            default: throw AppError.invalid(field, "error.unknown_value")
            }
        }
        return try checked(selection)
    }

    static func parse(itemIDs: [Int]?, tipIDs: [Int]?) throws -> EvidenceSelection {
        let items = itemIDs ?? [], tips = tipIDs ?? []
        guard items.count + tips.count <= EvidenceSelection.limit else {
            throw AppError.invalid(field, "error.too_many", ["max": String(EvidenceSelection.limit)])
        }
        guard (items + tips).allSatisfy({ $0 > 0 }) else { throw AppError.invalid(field, "error.unknown_value") }
        return try checked(EvidenceSelection(itemIDs: items, tipIDs: tips))
    }

    private static func checked(_ selection: EvidenceSelection) throws -> EvidenceSelection {
        guard !selection.isEmpty else { throw AppError.invalid(field, "triage.error.nothing_selected") }
        return EvidenceSelection(itemIDs: Array(Set(selection.itemIDs)).sorted(),
                                 tipIDs: Array(Set(selection.tipIDs)).sorted())
    }
}
