import Detection
import Fluent
import Foundation

/// What an indicator import would write: every valid row with the organisation it names, and every
/// row's problem (the file's own and organisations the registry does not know). Built without
/// writing anything; the dry run shows it, the import writes it only when it has no errors.
struct IndicatorImportPreview: Sendable {
    struct Addition: Sendable {
        var row: Int
        var indicator: Indicator
        var organizationID: Int
        var organizationName: String
    }

    var additions: [Addition]
    var errors: [ImportIssue]
    var warnings: [ImportIssue]
    var rowsRead: Int
    /// Organisation references no organisation answers to (also among `errors`, one per row).
    var unknownOrganizations: [String] = []
    var unknownOrganizationErrors: [ImportIssue] = []

    var isClean: Bool { errors.isEmpty }

    static func make(_ report: ImportReport<Indicator>, language: Language = .ru, on db: any Database) async throws
        -> IndicatorImportPreview
    {
        var preview = IndicatorImportPreview(additions: [], errors: report.errors, warnings: report.warnings,
                                             rowsRead: report.rowsRead)
        let organizations = try await OrganizationResolver.load(on: db)
        for (index, record) in report.records.enumerated() {
            let row = index < report.recordRows.count ? report.recordRows[index] : 0
            guard let organization = organizations.resolve(record.organizationID), let id = organization.id else {
                let issue = ImportIssue(row: row, field: "organization",
                                        message: "unknown organisation «\(record.organizationID)»")
                preview.errors.append(issue)
                preview.unknownOrganizationErrors.append(issue)
                if !preview.unknownOrganizations.contains(record.organizationID) {
                    preview.unknownOrganizations.append(record.organizationID)
                }
                continue
            }
            preview.additions.append(Addition(row: row, indicator: record, organizationID: id,
                                              organizationName: organization.name(language)))
        }
        preview.errors.sort { $0.row < $1.row }
        return preview
    }
}
