import Foundation
import KaiguulCore
import Vapor

/// A validated source, from the web form or the API.
struct SourceInput: Sendable {
    var kind: SourceKind
    var address: String
    var identity: String
    var title: String
    var regionID: Int?
    var organizationID: Int?
    var checkIntervalMinutes: Int
    var status: SourceStatus
    var notes: String
    /// How the source is read; defaults to `http` when a form or request names none.
    var captureMode: CaptureMode = .http

    struct Raw: Content {
        var kind: String?
        var address: String?
        var title: String?
        var region_id: String?
        var organization_id: String?
        var check_interval_minutes: String?
        var status: String?
        var notes: String?
        var capture_mode: String?
    }

    static func validate(_ raw: Raw) throws -> SourceInput {
        var errors: [String: AppError] = [:]
        let kind = FieldRules.choice(raw.kind, SourceKind.self, field: "kind", into: &errors)
        let address = FieldRules.line(raw.address, field: "address", max: 2000, into: &errors)
        var identity = ""
        if let kind, errors["address"] == nil {
            do {
                identity = try SourceAddress.identity(kind: kind, address: address)
            } catch {
                errors["address"] = .invalid("address", "error.invalid_address")
            }
        }
        let title = FieldRules.line(raw.title, field: "title", max: 300, required: false, into: &errors)
        var regionID: Int?
        if let r = raw.region_id, !r.isEmpty { regionID = FieldRules.integer(r, field: "region_id", range: 1...Int(Int32.max), into: &errors) }
        var orgID: Int?
        if let o = raw.organization_id, !o.isEmpty { orgID = FieldRules.integer(o, field: "organization_id", range: 1...Int(Int32.max), into: &errors) }
        let interval = FieldRules.integer(raw.check_interval_minutes ?? "60", field: "check_interval_minutes",
                                          range: 5...(60 * 24 * 30), into: &errors) ?? 60
        var status = SourceStatus.active
        if let s = raw.status, !s.isEmpty { status = FieldRules.choice(s, SourceStatus.self, field: "status", into: &errors) ?? .active }
        let notes = FieldRules.text(raw.notes, field: "notes", max: 10_000, into: &errors)
        var mode = CaptureMode.http
        if let m = raw.capture_mode, !m.isEmpty {
            mode = FieldRules.choice(m, CaptureMode.self, field: "capture_mode", into: &errors) ?? .http
            // A mode that cannot read this kind would fail at every check; refused here instead.
            if errors["capture_mode"] == nil, let kind, !mode.reads(kind) {
                errors["capture_mode"] = .invalid("capture_mode", "error.capture_mode_kind")
            }
        }
        guard errors.isEmpty, let kind else { throw FormErrors(errors: errors) }
        return SourceInput(kind: kind, address: address, identity: identity, title: title, regionID: regionID,
                           organizationID: orgID, checkIntervalMinutes: interval, status: status, notes: notes,
                           captureMode: mode)
    }

    func apply(to source: Source) {
        source.kind = kind.rawValue
        source.address = address
        source.identity = identity
        source.title = title
        source.$region.id = regionID
        source.$organization.id = organizationID
        source.checkIntervalMinutes = checkIntervalMinutes
        source.status = status.rawValue
        source.notes = notes
        source.captureMode = captureMode.rawValue
        source.searchText = Search.fold([title, address, identity].joined(separator: "\n"))
    }

    var auditDetails: [String: String] {
        ["kind": kind.rawValue, "address": address, "identity": identity, "status": status.rawValue,
         "region_id": regionID.map(String.init) ?? "", "organization_id": organizationID.map(String.init) ?? "",
         "capture_mode": captureMode.rawValue]
    }
}
