import Fluent
import Foundation
import KaiguulCore
import SQLKit

/// Whether a tip's URLs meet something already known: a watched source or a case. Meeting is the
/// platform table's `MatchKey` (a post meets its account, a page its site), looked up through
/// `MatchKeyStore`, so the queue says what `TipStore` decided when the tip was filed, and what it
/// would decide now that more sources and cases exist.
enum TriageTipMatch {
    struct Meeting: Sendable, Hashable {
        enum Kind: String, CaseIterable, Sendable { case source, `case` }
        var kind: Kind
        var id: Int
        var title: String
    }

    /// What each tip's URLs meet, by tip id: a few queries for the whole page.
    static func meetings(_ tips: [(id: Int, urls: [String])], on db: any Database) async throws -> [Int: [Meeting]] {
        let keysByTip = tips.map { tip in (tip.id, tip.urls.compactMap { PlatformTable.matchKey(for: $0) }) }
        let allKeys = Array(Set(keysByTip.flatMap(\.1)))
        guard !allKeys.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        let sources = try await MatchKeyStore.sources(matching: allKeys, on: db)
        let cases = try await MatchKeyStore.cases(matching: allKeys, on: db)
        let titles = try await titles(of: "sources", Set(sources.values.joined()), sql)
            .merging(try await titles(of: "cases", Set(cases.values.joined()), sql)) { first, _ in first }
        var result: [Int: [Meeting]] = [:]
        for (tipID, keys) in keysByTip {
            var seen = Set<Meeting>()
            var found: [Meeting] = []
            for key in keys {
                for id in sources[key] ?? [] {
                    found.append(Meeting(kind: .source, id: id, title: titles["sources:\(id)"] ?? ""))
                }
                for id in cases[key] ?? [] {
                    found.append(Meeting(kind: .case, id: id, title: titles["cases:\(id)"] ?? ""))
                }
            }
            result[tipID] = found.filter { seen.insert($0).inserted }
        }
        return result
    }

    private static func titles(of table: String, _ ids: Set<Int>, _ sql: any SQLDatabase) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable {
            var id: Int
            var title: String
        }
        let rows = try await sql.raw("SELECT id, title FROM \(unsafeRaw: table) WHERE id IN (\(binds: Array(ids)))")
            .all(decoding: Row.self)
        return Dictionary(rows.map { ("\(table):\($0.id)", $0.title) }) { first, _ in first }
    }
}
