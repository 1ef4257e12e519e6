import Evidence
import Fluent
import Foundation
import KaiguulCore
import Vapor

/// The triage queue in JSON: the findings with their reasons, and the same three actions as the page.
enum TriageAPIController {
    struct FindingDTO: Content {
        struct Indicator: Content {
            var organization_id: Int?
            var organization: String?
            var matches: [String]
        }
        struct NearDuplicate: Content {
            var material_id: Int?
            var title: String?
            var similarity: Double
        }
        struct MediaMatch: Content {
            var kind: String
            var media_url: String
            var item_thumbnail: String?
            var material_id: Int?
            var material_thumbnail: String?
            var label: String
            var distance: Int
            var quality: Int?
        }
        struct Classifier: Content {
            var label: String?
            var probability: Double
            var features: [String]
        }
        struct Excerpt: Content {
            /// `text`, `mark` (a matched span) or `gap` (text left out).
            var kind: String
            var text: String?
        }
        struct Meeting: Content {
            var kind: String
            var id: Int
            var title: String
        }

        var kind: String
        var id: Int
        var priority: String
        var score: Int?
        var found_at: String?
        var state: String
        var dismissal_reason: String?
        var case_ids: [Int]
        var source_id: Int?
        var source_kind: String?
        var region_id: Int?
        var permalink: String?
        var language: String?
        var excerpt: [Excerpt]
        var indicators: [Indicator]
        var near_duplicates: [NearDuplicate]
        var media_matches: [MediaMatch]
        var classifier: Classifier?
        var urls: [String]
        var comment: String?
        var meets: [Meeting]
        var suggested_target: String?
        var suggested_organization_id: Int?

        init(_ f: TriageFinding) {
            kind = f.kind.rawValue
            id = f.id
            priority = f.level.rawValue
            score = f.score
            found_at = f.foundAt.map(Formats.iso8601)
            state = !f.caseIDs.isEmpty ? TriageFilters.State.inCase.rawValue
                : f.dismissal != nil ? TriageFilters.State.dismissed.rawValue : TriageFilters.State.new.rawValue
            dismissal_reason = f.dismissal?.reason
            case_ids = f.caseIDs
            source_id = f.sourceID
            source_kind = f.sourceKind
            region_id = f.regionID
            permalink = f.permalink
            language = f.language
            excerpt = f.excerpt.map { piece in
                switch piece {
                case .text(let text): Excerpt(kind: "text", text: text)
                case .mark(let text): Excerpt(kind: "mark", text: text)
                case .gap: Excerpt(kind: "gap", text: nil)
                }
            }
            indicators = f.indicators.map { .init(organization_id: $0.organizationID, organization: $0.organizationName,
                                                  matches: $0.matches) }
            near_duplicates = f.nearDuplicates.map { .init(material_id: $0.materialID, title: $0.title,
                                                           similarity: $0.similarity) }
            media_matches = f.mediaMatches.map { m in
                .init(kind: m.kind, media_url: m.mediaURL,
                      item_thumbnail: m.mediaIndex.map { "/items/\(f.id)/media/\($0)/thumbnail" },
                      material_id: m.materialID,
                      material_thumbnail: m.materialHasImage ? m.materialID.map { "/triage/materials/\($0)/thumbnail" } : nil,
                      label: m.label, distance: m.distance, quality: m.quality)
            }
            classifier = f.classifier.map { .init(label: $0.label, probability: $0.probability, features: $0.features) }
            urls = f.urls
            comment = f.comment
            meets = f.meetings.map { .init(kind: $0.kind.rawValue, id: $0.id, title: $0.title) }
            suggested_target = f.suggestedTarget
            suggested_organization_id = f.suggestedOrganizationID
        }
    }

    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .triage)
        try APIQuery.check(req, [
            "priority": .oneOf(["high", "medium", "low", "none"]), "language": .code(max: 12),
            "organization_id": .id, "region_id": .id, "source_kind": .oneOf(SourceKind.allCases.map(\.rawValue)),
            "signal_kind": .oneOf(TriageFilters.signalKinds),
            "state": .oneOf(TriageFilters.State.allCases.map(\.rawValue)),
        ])
        let filters = try TriageFilters.parse { req.query[String.self, at: $0] }
        let paging = try APIQuery.paging(req)
        let (entries, total) = try await TriageQuery.list(filters, paging: paging, on: req.db)
        let findings = try await TriageDetails.load(entries, language: req.language,
                                                    blobs: try? BlobStore(root: req.kaiguul.blobDirectory), on: req.db)
        return try .json(Page(items: findings.map(FindingDTO.init), total: total, page: paging.page,
                              per_page: paging.perPage))
    }

    struct DismissBody: Content {
        var item_ids: [Int]?
        var tip_ids: [Int]?
        var reason: String?
        var note: String?
    }

    struct DismissReply: Content {
        var dismissed: Int
    }

    @Sendable static func dismiss(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .triage)
        let body = try req.input(DismissBody.self)
        let selection = try TriageSelection.parse(itemIDs: body.item_ids, tipIDs: body.tip_ids)
        let dismissal = try TriageStore.Dismissal.validate(reason: body.reason, note: body.note)
        let count = try await TriageStore.dismiss(selection, dismissal, actor: user.auditActor, app: req.application)
        return try .json(DismissReply(dismissed: count))
    }

    struct OpenBody: Content {
        var item_ids: [Int]?
        var tip_ids: [Int]?
        var title: String?
        var target: String?
        var region_id: Int?
        var organization_id: Int?
        var assignee_id: Int?
        var note: String?
    }

    @Sendable static func openCase(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .triage)
        let body = try req.input(OpenBody.self)
        let selection = try TriageSelection.parse(itemIDs: body.item_ids, tipIDs: body.tip_ids)
        let input = try CaseInput.validate(.init(
            title: body.title, target: body.target, region_id: body.region_id.map(String.init),
            organization_id: body.organization_id.map(String.init), assignee_id: body.assignee_id.map(String.init),
            note: body.note))
        return try await CaseAPIController.open(input, evidence: selection, user: user, req: req)
    }

    struct EvidenceBody: Content {
        var item_ids: [Int]?
        var tip_ids: [Int]?
        var note: String?
    }

    struct EvidenceReply: Content {
        var case_id: Int
        var added: Int
    }

    @Sendable static func addEvidence(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .triage)
        let caseID = try req.idParameter()
        let body = try req.input(EvidenceBody.self)
        let selection = try TriageSelection.parse(itemIDs: body.item_ids, tipIDs: body.tip_ids)
        let added = try await CaseEvidenceStore.add(selection, caseID: caseID, note: String((body.note ?? "").prefix(10_000)),
                                                    actor: .init(user), app: req.application)
        return try .json(EvidenceReply(case_id: caseID, added: added))
    }
}
