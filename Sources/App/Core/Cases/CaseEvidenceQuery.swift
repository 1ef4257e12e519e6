import Fluent
import Foundation
import KaiguulCore

/// A case's evidence as the timeline shows it: each `case_evidence` row with what it points at.
struct CaseEvidenceEntry: Sendable {
    var row: CaseEvidence
    var kind: CaseEvidenceKind
    var capture: Capture?
    var item: Item?
    var tip: Tip?
    var document: DocumentRecord?

    /// When what the row points at was seen: the capture's fetch, the item's capture, the tip's filing.
    var capturedAt: Date? {
        capture?.fetchedAt ?? tip?.createdAt ?? document?.uploadedAt
    }

    /// The digest to show: the capture's payload, the item's content, the document's file.
    var sha256: String? {
        row.sha256 ?? capture?.payloadSHA256 ?? item?.contentSHA256 ?? document?.sha256
    }

    /// `record type → digest` as written in the WARC (request, response, metadata).
    var recordDigests: [(String, String)] {
        guard let json = capture?.recordDigests, let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: String]
        else { return [] }
        return object.sorted { $0.key < $1.key }
    }

    /// Whether the capture is a page the archived view can show (HTML with a WARC record).
    var isArchivedPage: Bool {
        guard let capture, capture.warcFile != nil, capture.role != "media" else { return false }
        return ArchivedPage.isHTML(capture.contentType)
    }
}

/// Reads a case's evidence rows with their captures, items, tips and documents, and the captures an
/// analyst may still attach.
enum CaseEvidenceQuery {
    static func entries(caseID: Int, on db: any Database) async throws -> [CaseEvidenceEntry] {
        let rows = try await CaseEvidence.query(on: db).filter(\.$caseID == caseID).sort(\.$id).limit(5_000).all()
        let itemIDs = rows.compactMap(\.itemID)
        let items = itemIDs.isEmpty ? [] : try await Item.query(on: db).filter(\.$id ~~ itemIDs).all()
        let itemByID = Dictionary(items.compactMap { i in i.id.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        let captureIDs = Set(rows.compactMap(\.captureID) + items.compactMap(\.captureID))
        let captures = captureIDs.isEmpty ? [] : try await Capture.query(on: db).filter(\.$id ~~ Array(captureIDs)).all()
        let captureByID = Dictionary(captures.compactMap { c in c.id.map { ($0, c) } }, uniquingKeysWith: { a, _ in a })
        let tipIDs = rows.compactMap(\.tipID)
        let tips = tipIDs.isEmpty ? [] : try await Tip.query(on: db).filter(\.$id ~~ tipIDs).all()
        let tipByID = Dictionary(tips.compactMap { t in t.id.map { ($0, t) } }, uniquingKeysWith: { a, _ in a })
        let documentIDs = rows.compactMap(\.documentID)
        let documents = documentIDs.isEmpty ? [] : try await DocumentRecord.query(on: db).filter(\.$id ~~ documentIDs).all()
        let documentByID = Dictionary(documents.compactMap { d in d.id.map { ($0, d) } },
                                      uniquingKeysWith: { a, _ in a })
        return rows.map { row in
            let item = row.itemID.flatMap { itemByID[$0] }
            return CaseEvidenceEntry(
                row: row, kind: CaseEvidenceKind(rawValue: row.kind) ?? .url,
                capture: (row.captureID ?? item?.captureID).flatMap { captureByID[$0] }, item: item,
                tip: row.tipID.flatMap { tipByID[$0] }, document: row.documentID.flatMap { documentByID[$0] })
        }
    }

    /// Captures of the case's target or sources that the case does not hold yet, newest first: pages
    /// fetched from the sources its items came from, or from the target's site. Media files come
    /// with their page, so only pages are offered.
    static func attachable(record: CaseRecord, entries: [CaseEvidenceEntry], on db: any Database, limit: Int = 100)
        async throws -> [Capture]
    {
        let held = Set(entries.compactMap { $0.capture?.id })
        var sourceIDs = Set(entries.compactMap { $0.item?.sourceID })
        sourceIDs.formUnion(entries.compactMap { $0.capture?.sourceID })
        var exact: [String] = []
        var prefixes: [String] = []
        if record.targetKind == "domain" {
            for host in [record.target, "www." + record.target] {
                exact += ["http://\(host)", "https://\(host)"]
                prefixes += ["http://\(host)/", "https://\(host)/"]
            }
        } else if record.target.hasPrefix("http://") || record.target.hasPrefix("https://") {
            prefixes.append(record.target)
        }
        guard !sourceIDs.isEmpty || !prefixes.isEmpty else { return [] }
        let query = Capture.query(on: db)
            .filter(\.$warcFile != nil).filter(\.$error == nil)
            .group(.or) { or in
                if !sourceIDs.isEmpty { or.filter(\.$sourceID ~~ Array(sourceIDs)) }
                if !exact.isEmpty { or.filter(\.$url ~~ exact) }
                for prefix in prefixes { or.filter(\.$url =~ prefix) }
            }
            .group(.or) { or in
                or.filter(\.$role == nil).filter(\.$role != "media")
            }
        if !held.isEmpty { query.filter(\.$id !~ Array(held)) }
        return try await query.sort(\.$fetchedAt, .descending).sort(\.$id, .descending).limit(limit).all()
    }
}
