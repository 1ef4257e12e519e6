import Vapor

enum SourceForm {
    struct Model {
        var action: String
        var title: String
        var values: SourceInput.Raw
        var errors: [String: AppError]
        var duplicateOf: Int?
        var regions: [Region]
        var organizations: [Organization]
        var csrf: String
    }

    /// The form's fields top to bottom: the error list at the top follows this order.
    static let fields = ["kind", "capture_mode", "address", "title", "region_id", "organization_id", "check_interval_minutes", "status", "notes"]

    static func values(from s: Source) -> SourceInput.Raw {
        SourceInput.Raw(kind: s.kind, address: s.address, title: s.title, region_id: s.$region.id.map(String.init),
                        organization_id: s.$organization.id.map(String.init),
                        check_interval_minutes: String(s.checkIntervalMinutes), status: s.status, notes: s.notes,
                        capture_mode: s.captureMode)
    }
}
