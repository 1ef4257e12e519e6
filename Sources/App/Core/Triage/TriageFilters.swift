import Detection
import KaiguulCore

/// What the analyst narrowed the queue to. Values come from a query string and are checked here:
/// an unknown value is a 422 naming its parameter, never an empty queue that looks like no findings.
struct TriageFilters: Sendable, Hashable {
    /// Where a finding stands: waiting, taken out with a reason, or evidence of a case.
    enum State: String, CaseIterable, Sendable {
        case new, dismissed
        case inCase = "in_case"
        case all
    }

    var priority: TriagePriority.Level?
    var language: String?
    var organizationID: Int?
    var regionID: Int?
    var sourceKind: SourceKind?
    var signalKind: String?
    var state: State = .new

    /// The signal kinds an analyser writes (`Finding.kind`), the `triage` verdict excepted.
    static let signalKinds = [
        "indicator", "near_duplicate", "classifier", "pdq", "exact_md5", "exact_sha256", "ocr_indicator",
        "ocr_near_duplicate", "ocr_classifier", "mirror",
    ]

    static let names = ["priority", "language", "organization_id", "region_id", "source_kind", "signal_kind", "state"]

    /// Reads the filters with `value(name)`; throws `AppError.invalid(name, …)` on the first bad one.
    static func parse(_ value: (String) -> String?) throws -> TriageFilters {
        func text(_ name: String) -> String? {
            guard let raw = value(name)?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        func choice<T>(_ name: String, _ make: (String) -> T?) throws -> T? {
            guard let raw = text(name) else { return nil }
            guard raw.count <= 40, let made = make(raw) else { throw AppError.invalid(name, "error.unknown_value") }
            return made
        }
        func id(_ name: String) throws -> Int? {
            try choice(name) { raw in Int(raw).flatMap { $0 > 0 ? $0 : nil } }
        }
        var filters = TriageFilters()
        filters.priority = try choice("priority", TriagePriority.Level.init(rawValue:))
        filters.language = try choice("language") { raw in
            raw.count <= 12 && raw.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "-") } ? raw.lowercased() : nil
        }
        filters.organizationID = try id("organization_id")
        filters.regionID = try id("region_id")
        filters.sourceKind = try choice("source_kind", SourceKind.init(rawValue:))
        filters.signalKind = try choice("signal_kind") { signalKinds.contains($0) ? $0 : nil }
        filters.state = try choice("state", State.init(rawValue:)) ?? .new
        return filters
    }

    /// Filters that only items can meet: a tip has no language, organisation or signals.
    var excludesTips: Bool { language != nil || organizationID != nil || signalKind != nil }

    /// The filters as query items, for links that keep them (paging).
    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let priority { items.append(("priority", priority.rawValue)) }
        if let language { items.append(("language", language)) }
        if let organizationID { items.append(("organization_id", String(organizationID))) }
        if let regionID { items.append(("region_id", String(regionID))) }
        if let sourceKind { items.append(("source_kind", sourceKind.rawValue)) }
        if let signalKind { items.append(("signal_kind", signalKind)) }
        items.append(("state", state.rawValue))
        return items
    }
}
