import Detection
import Evidence
import Fluent
import Foundation
import KaiguulCore
import SQLKit

/// Loads what a page of the queue shows about each finding: a handful of queries for the whole
/// page (items, their signals, organisations, materials, dismissals, cases, tips), never one per row.
enum TriageDetails {
    static func load(_ entries: [TriageQuery.Entry], language: Language, blobs: BlobStore?, on db: any Database)
        async throws -> [TriageFinding]
    {
        guard let sql = db as? any SQLDatabase, !entries.isEmpty else { return [] }
        let itemIDs = entries.filter { $0.kind == .item }.map(\.id)
        let tipIDs = entries.filter { $0.kind == .tip }.map(\.id)

        let items = try await loadItems(itemIDs, sql)
        let signals = try await loadSignals(itemIDs, sql)
        let organizationNames = try await names(
            of: Set(signals.compactMap(\.organization_id) + items.values.compactMap(\.source_organization_id)),
            language: language, on: db)
        let materials = try await loadMaterials(Set(signals.compactMap(\.material_id)), sql)
        let tips = tipIDs.isEmpty ? [] : try await Tip.query(on: db).filter(\.$id ~~ tipIDs).all()
        let tipByID = Dictionary(uniqueKeysWithValues: tips.compactMap { tip in tip.id.map { ($0, tip) } })
        let meetings = try await TriageTipMatch.meetings(tips.compactMap { tip in tip.id.map { ($0, tip.urlList) } },
                                                          on: db)
        let (dismissals, cases) = try await loadStates(itemIDs: itemIDs, tipIDs: tipIDs, sql)
        let signalsByItem = Dictionary(grouping: signals, by: \.item_id)

        return entries.map { entry in
            var finding = TriageFinding(kind: entry.kind, id: entry.id, level: TriageVerdict.level(rank: entry.level),
                                        score: entry.score)
            let key = "\(entry.kind.rawValue):\(entry.id)"
            finding.dismissal = dismissals[key]
            finding.caseIDs = (cases[key] ?? []).sorted()
            switch entry.kind {
            case .item:
                if let item = items[entry.id] {
                    describe(&finding, item: item, signals: signalsByItem[entry.id] ?? [],
                             organizations: organizationNames, materials: materials, blobs: blobs)
                }
            case .tip:
                if let tip = tipByID[entry.id] {
                    finding.foundAt = tip.createdAt
                    finding.urls = tip.urlList
                    finding.comment = tip.comment
                    finding.meetings = meetings[entry.id] ?? []
                    finding.suggestedTarget = tip.urlList.first.map { suggestedTarget(url: $0, account: nil) }
                    finding.suggestedOrganizationID = tip.organizationID
                }
            }
            return finding
        }
    }

    /// Every signal of one item in words, for the item page: the reasons a queue row gives (the same
    /// decoding, so the two pages cannot disagree) and the text verdict, which the queue shows as the row's level.
    static func item(_ id: Int, title: String?, text: String, media: [StoredMedia], language: Language,
                     blobs: BlobStore?, on db: any Database) async throws -> TriageFinding
    {
        var finding = TriageFinding(kind: .item, id: id, level: .none, score: nil)
        guard let sql = db as? any SQLDatabase else { return finding }
        let all = try await sql.raw("""
            SELECT item_id, kind, score, organization_id, material_id, details FROM signals \
            WHERE item_id = \(bind: id) ORDER BY score DESC, id
            """).all(decoding: SignalRow.self)
        let signals = all.filter { $0.kind != "triage" }
        if let row = all.first(where: { $0.kind == "triage" }), let verdict = verdict(row.details) {
            finding.level = verdict.level
            finding.score = verdict.score
        }
        let organizations = try await names(of: Set(signals.compactMap(\.organization_id)), language: language, on: db)
        let materials = try await loadMaterials(Set(signals.compactMap(\.material_id)), sql)
        reasons(&finding, signals: signals, text: TextItemAnalyzer.analysedText(title: title, text: text), media: media,
                organizations: organizations, materials: materials, blobs: blobs)
        return finding
    }

    // MARK: rows

    struct ItemRow: Decodable {
        var id: Int
        var source_id: Int
        var permalink: String?
        var author_handle: String?
        var title: String?
        var text: String
        var language: String?
        var media: String
        var created_at: Date?
        var source_title: String
        var source_kind: String
        var source_address: String
        var region_id: Int?
        var source_organization_id: Int?
    }

    struct SignalRow: Decodable {
        var item_id: Int
        var kind: String
        var score: Double
        var organization_id: Int?
        var material_id: Int?
        var details: String
    }

    struct MaterialRow: Decodable {
        var id: Int
        var title: String
        var image: String?
    }

    /// A media match's details: which stored image, which banked entry, how close.
    struct MediaMatchDetails: Decodable {
        var media_url: String
        var media_sha256: String
        var label: String
        var distance: Int
        var quality: Int?
        var transform: String
    }

    /// The text analyser's verdict as stored in the details of a `triage` signal.
    static func verdict(_ details: String) -> TriagePriority? {
        struct Stored: Decodable { var priority: TriagePriority }
        return (try? JSONDecoder().decode(Stored.self, from: Data(details.utf8)))?.priority
    }

    private static func names(of ids: Set<Int>, language: Language, on db: any Database) async throws -> [Int: String] {
        guard !ids.isEmpty else { return [:] }
        var names: [Int: String] = [:]
        for organization in try await Organization.query(on: db).filter(\.$id ~~ Array(ids)).all() {
            guard let id = organization.id else { continue }
            names[id] = organization.name(language)
        }
        return names
    }

    private static func loadItems(_ ids: [Int], _ sql: any SQLDatabase) async throws -> [Int: ItemRow] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.raw("""
            SELECT i.id, i.source_id, i.permalink, i.author_handle, i.title, i.text, i.language, i.media, \
            i.created_at, s.title AS source_title, s.kind AS source_kind, s.address AS source_address, s.region_id, \
            s.organization_id AS source_organization_id FROM items i JOIN sources s ON s.id = i.source_id \
            WHERE i.id IN (\(binds: ids))
            """).all(decoding: ItemRow.self)
        return Dictionary(rows.map { ($0.id, $0) }) { first, _ in first }
    }

    private static func loadSignals(_ ids: [Int], _ sql: any SQLDatabase) async throws -> [SignalRow] {
        guard !ids.isEmpty else { return [] }
        return try await sql.raw("""
            SELECT item_id, kind, score, organization_id, material_id, details FROM signals \
            WHERE item_id IN (\(binds: ids)) AND kind <> 'triage' ORDER BY score DESC, id
            """).all(decoding: SignalRow.self)
    }

    /// Titles, and the SHA-256 of an image the bank keeps for the material (shown beside a PDQ match).
    private static func loadMaterials(_ ids: Set<Int>, _ sql: any SQLDatabase) async throws -> [Int: MaterialRow] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.raw("""
            SELECT m.id, m.title, (SELECT MIN(f.value) FROM material_fingerprints f WHERE f.material_id = m.id \
            AND f.kind = 'sha256') AS image FROM banned_materials m WHERE m.id IN (\(binds: Array(ids)))
            """).all(decoding: MaterialRow.self)
        return Dictionary(rows.map { ($0.id, $0) }) { first, _ in first }
    }

    private static func loadStates(itemIDs: [Int], tipIDs: [Int], _ sql: any SQLDatabase) async throws
        -> (dismissals: [String: TriageFinding.Dismissal], cases: [String: Set<Int>])
    {
        struct DismissalRow: Decodable {
            var item_id: Int?
            var tip_id: Int?
            var reason: String
            var note: String
        }
        struct EvidenceRow: Decodable {
            var case_id: Int
            var item_id: Int?
            var tip_id: Int?
        }
        func which(_ column: String, _ ids: [Int]) -> SQLQueryString {
            ids.isEmpty ? "1 = 0" : "\(unsafeRaw: column) IN (\(binds: ids))"
        }
        let matching = "(" + which("item_id", itemIDs) + " OR " + which("tip_id", tipIDs) + ")"
        var dismissals: [String: TriageFinding.Dismissal] = [:]
        for row in try await sql.raw("SELECT item_id, tip_id, reason, note FROM triage_dismissals WHERE " + matching)
            .all(decoding: DismissalRow.self) {
            let key = row.item_id.map { "item:\($0)" } ?? row.tip_id.map { "tip:\($0)" } ?? ""
            dismissals[key] = .init(reason: row.reason, note: row.note)
        }
        var cases: [String: Set<Int>] = [:]
        for row in try await sql.raw("SELECT case_id, item_id, tip_id FROM case_evidence WHERE " + matching)
            .all(decoding: EvidenceRow.self) {
            let key = row.item_id.map { "item:\($0)" } ?? row.tip_id.map { "tip:\($0)" } ?? ""
            cases[key, default: []].insert(row.case_id)
        }
        return (dismissals, cases)
    }

    // MARK: reasons

    private static func describe(_ finding: inout TriageFinding, item: ItemRow, signals: [SignalRow],
                                 organizations: [Int: String], materials: [Int: MaterialRow], blobs: BlobStore?) {
        finding.foundAt = item.created_at
        finding.sourceID = item.source_id
        finding.sourceTitle = item.source_title
        finding.sourceKind = item.source_kind
        finding.regionID = item.region_id
        finding.permalink = item.permalink
        finding.authorHandle = item.author_handle
        finding.language = item.language
        reasons(&finding, signals: signals, text: TextItemAnalyzer.analysedText(title: item.title, text: item.text),
                media: StoredMedia.decodeList(item.media), organizations: organizations, materials: materials,
                blobs: blobs)
        let account = SourceKind(rawValue: item.source_kind)?.isPlatformAccount == true ? item.source_address : nil
        finding.suggestedTarget = suggestedTarget(url: item.permalink ?? item.source_address, account: account)
        finding.suggestedOrganizationID = signals.lazy.compactMap(\.organization_id).first ?? item.source_organization_id
    }

    /// The signals' details decoded into reasons in words; the matched spans become marks in `text`.
    private static func reasons(_ finding: inout TriageFinding, signals: [SignalRow], text: String,
                                media: [StoredMedia], organizations: [Int: String], materials: [Int: MaterialRow],
                                blobs: BlobStore?) {
        let decoder = JSONDecoder()
        var spans: [TextSpan] = []
        for row in signals {
            switch row.kind {
            case Signal.Kind.indicator.rawValue:
                let signal = try? decoder.decode(Signal.self, from: Data(row.details.utf8))
                spans += signal?.spans ?? []
                finding.indicators.append(.init(organizationID: row.organization_id,
                                                organizationName: row.organization_id.flatMap { organizations[$0] },
                                                matches: signal?.reasons ?? [], matched: signal?.matched ?? []))
            case Signal.Kind.nearDuplicate.rawValue:
                finding.nearDuplicates.append(.init(materialID: row.material_id,
                                                    title: row.material_id.flatMap { materials[$0]?.title },
                                                    similarity: row.score))
            case Signal.Kind.classifier.rawValue:
                guard finding.classifier == nil else { continue }
                let signal = try? decoder.decode(Signal.self, from: Data(row.details.utf8))
                finding.classifier = .init(label: signal?.label, probability: row.score, features: signal?.reasons ?? [])
            case "pdq", "exact_md5", "exact_sha256":
                guard let details = try? decoder.decode(MediaMatchDetails.self, from: Data(row.details.utf8))
                else { continue }
                let image = row.material_id.flatMap { materials[$0]?.image }
                finding.mediaMatches.append(.init(
                    kind: row.kind, mediaIndex: media.firstIndex { $0.sha256 == details.media_sha256 },
                    mediaURL: details.media_url, materialID: row.material_id, label: details.label,
                    distance: details.distance, quality: details.quality,
                    materialHasImage: image.map { blobs?.contains($0) ?? false } ?? false))
            case MirrorSignal.kind:
                if let mirror = MirrorEvidence.from(itemID: row.item_id, details: row.details) { finding.mirrors.append(mirror) }
            default:
                if row.kind.hasPrefix("ocr_"), let signal = try? decoder.decode(Signal.self, from: Data(row.details.utf8)) {
                    finding.imageText += signal.reasons
                }
            }
        }
        finding.excerpt = TriageHighlight.pieces(of: text, spans: spans)
    }

    /// An account on a shared platform is the target as the source names it; anything else is its site.
    static func suggestedTarget(url: String, account: String?) -> String {
        if let account { return account }
        let host = URLComponents(string: url)?.host?.lowercased()
        if let host, PlatformTable.platform(owning: host) != nil { return url }
        return host ?? url
    }
}
