import Foundation
import KaiguulCore

/// An audit row as a person reads it: the action and the object in the reader's language, the details as
/// labelled lines with codes (states, roles, findings) translated. The stored row stays as the chain hashed it.
extension AuditIndex {
    static func has(_ key: String, _ t: Translator) -> Bool { Translator.tables[t.language]?[key] != nil }

    /// A case transition reads as the action button that made it; everything else has its own name. A name
    /// no table knows (a row written by a newer version) is shown as stored rather than as a missing key.
    static func actionName(_ action: String, _ t: Translator) -> String {
        if action.hasPrefix("case."), let kind = CaseAction.Kind(rawValue: String(action.dropFirst(5))) {
            return t("case_action.\(kind.rawValue)")
        }
        return has("audit_action.\(action)", t) ? t("audit_action.\(action)") : action
    }

    static func objectName(_ type: String, _ t: Translator) -> String {
        has("audit_object.\(type)", t) ? t("audit_object.\(type)") : type
    }

    /// Every action the log may hold, for the filter: those the tables name and each case transition.
    static var knownActions: [String] {
        let named = (Translator.tables[.en] ?? [:]).keys.filter { $0.hasPrefix("audit_action.") }
            .map { String($0.dropFirst("audit_action.".count)) }
        return Array(Set(named + CaseAction.Kind.allCases.map { "case.\($0.rawValue)" })).sorted()
    }

    static var knownObjects: [String] {
        (Translator.tables[.en] ?? [:]).keys.filter { $0.hasPrefix("audit_object.") }
            .map { String($0.dropFirst("audit_object.".count)) }.sorted()
    }

    /// The details as (label, value) lines, sorted by label. Anything that is not a flat object of strings
    /// (an older row) is one line, shown as stored.
    static func readableDetails(_ details: String, objectType: String, _ t: Translator) -> [(label: String, value: String)] {
        guard let fields = try? JSONDecoder().decode([String: String].self, from: Data(details.utf8)) else {
            return details.isEmpty || details == "{}" ? [] : [("", details)]
        }
        return fields.map { key, value in
            (detailLabel(key, objectType, t), readableValue(key, value, objectType, t))
        }
        .sorted { $0.label.localizedStandardCompare($1.label) == .orderedAscending }
    }

    /// A detail's label; evidence added to a case is listed under each kind of piece (`capture`, `media`, …).
    static func detailLabel(_ key: String, _ objectType: String, _ t: Translator) -> String {
        if has("audit_detail.\(key)", t) { return t("audit_detail.\(key)") }
        if objectType == "case", CaseEvidenceKind(rawValue: key) != nil { return t("evidence_kind.\(key)") }
        return key
    }

    /// Codes become words where the key says which table they belong to; names, addresses and numbers stay.
    static func readableValue(_ key: String, _ value: String, _ objectType: String, _ t: Translator) -> String {
        // A package's record digests are stored as a JSON object: one "type digest" line each, the type in words.
        // A client whose address could not be read is logged as "unknown".
        if key == "address", value == "unknown" { return t("audit_value.address_unknown") }
        if key == "record_digests", let digests = try? JSONDecoder().decode([String: String].self, from: Data(value.utf8)) {
            return digests.sorted { $0.key < $1.key }.map { type, digest in
                (has("warc_record.\(type)", t) ? t("warc_record.\(type)") : type) + " " + digest
            }.joined(separator: "\n")
        }
        let table: String? = switch key {
        case "from", "to", "state": "case_state"
        case "role": "role"
        case "finding": "finding"
        case "outcome": "court_outcome"
        case "language": "language"
        case "status":
            switch objectType {
            case "tip": "tip_status"
            case "block_order": "block_order_status"
            case "source": "source_status"
            case "counter_material": "material_status"
            default: nil
            }
        case "kind":
            switch objectType {
            case "source": "source_kind"
            case "counter_material": "material_kind"
            case "training": "training_kind"
            case "partner": "partner_kind"
            case "probe": "probe_kind"
            default: nil
            }
        case "mode": "indicator.mode"
        case "capture_mode": "capture_mode"
        case "change": "audit_change"
        case "label": "decision"
        case "record_digests": nil
        case "designation": "designation"
        case "attribution": "probe_attribution"
        case "audience": "curriculum_audience"
        default: nil
        }
        guard let table, has("\(table).\(value)", t) else { return value }
        return t("\(table).\(value)")
    }
}
