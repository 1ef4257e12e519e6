import Evidence
import Fluent
import KaiguulCore
import Vapor

/// The triage queue page: findings with their reasons, filters, and the actions on selected rows.
enum TriageIndex {
    struct Model {
        var findings: [TriageFinding]
        /// Counted up to `TriageQuery.pageCountLimit` and one more: past it, the queue is "more than".
        var total: Int
        var filters: TriageFilters
        var paging: Paging
        var regions: [Region]
        var organizations: [Organization]
        var cases: [(id: Int, title: String)]
        var canAct: Bool
        var csrf: String
        var values: ActionForm
        var errors: [String: AppError]
    }

    /// One form for every action: the checked rows and the fields of the action's button.
    struct ActionForm: Content, Sendable {
        var findings: [String]?
        var action: String?
        var reason: String?
        var note: String?
        var title: String?
        var target: String?
        var case_organization_id: String?
        var case_id: String?
        /// The queue as it was filtered, to return to.
        var back: String?
    }

    static func load(request: Request, filters: TriageFilters, paging: Paging, values: ActionForm = .init(),
                     errors: [String: AppError] = [:]) async throws -> Model {
        let db = request.db
        let (entries, total) = try await TriageQuery.list(filters, paging: paging,
                                                          countLimit: TriageQuery.pageCountLimit, on: db)
        let blobs = try? BlobStore(root: request.kaiguul.blobDirectory)
        let findings = try await TriageDetails.load(entries, language: request.language, blobs: blobs, on: db)
        let canAct = request.can(.update, .triage)
        var values = values
        if values.back == nil { values.back = request.url.string }
        // The case form starts from the first chosen row (or the first row): its account or domain,
        // and the organisation its signals name.
        let chosen = Set(values.findings ?? [])
        if let first = findings.first(where: { chosen.contains("\($0.kind.rawValue):\($0.id)") }) ?? findings.first {
            if values.target == nil { values.target = first.suggestedTarget }
            if values.case_organization_id == nil { values.case_organization_id = first.suggestedOrganizationID.map(String.init) }
        }
        let cases: [(id: Int, title: String)] = canAct
            ? try await CaseRecord.query(on: db).filter(\.$state != CaseState.dismissed.rawValue).sort(\.$id, .descending).limit(300).all()
                .compactMap { record in record.id.map { ($0, record.title) } }
            : []
        return Model(
            findings: findings, total: total, filters: filters, paging: paging,
            regions: try await Region.query(on: db).sort(\.$id).all(),
            organizations: try await Organization.query(on: db).sort(\.$id).limit(500).all(),
            cases: cases, canAct: canAct, csrf: CSRFMiddleware.token(for: request), values: values, errors: errors)
    }
}
