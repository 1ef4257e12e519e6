import Crypto
import Evidence
import Foundation
import Monitor

/// Compares what a check read with what is stored. Items are keyed by (source, platform id or
/// permalink); a changed title or text is a new version; an item is gone only when this check
/// covered the place it used to be and it was not there.
struct ChangeDetector {
    /// The latest stored version of one item.
    struct Stored: Sendable {
        var id: Int
        var key: String
        var version: Int
        var contentSHA256: String?
        var gone: Bool
        var platformID: String?
        var published: Date?
    }

    /// What the check covered, so absence can be told from not looking.
    struct Coverage: Sendable {
        /// Every page of the check was read whole; otherwise nothing is marked gone by absence.
        var complete: Bool
        /// Pages the server said are gone (404, 410): their items are gone.
        var goneURLs: Set<String>
        /// Numbered posts (Telegram): an unseen number between the lowest and highest seen is gone.
        var numbered: Bool
        /// Dated entries (feeds): an unseen entry newer than the oldest seen is gone.
        var dated: Bool
    }

    enum Change: Sendable {
        case new(key: String, item: ExtractedItem, hash: String)
        case changed(key: String, item: ExtractedItem, hash: String, previousVersion: Int)
        /// Was gone and is back: a new version, not gone.
        case returned(key: String, item: ExtractedItem, hash: String, previousVersion: Int)
    }

    struct Result: Sendable {
        var changes: [Change] = []
        var goneIDs: [Int] = []
        var unchanged = 0
    }

    static func key(for item: ExtractedItem, pageURL: String) -> String {
        if let id = item.platformID, !id.isEmpty { return "id:" + String(id.prefix(500)) }
        return "url:" + String((item.permalink ?? pageURL).prefix(2000))
    }

    static func contentHash(_ item: ExtractedItem) -> String {
        let content = (item.title ?? "") + "\u{1F}" + item.text
        return sha256Hex(Data(content.utf8))
    }

    static func compare(current: [(key: String, item: ExtractedItem)], stored: [Stored], coverage: Coverage)
        -> Result
    {
        var result = Result()
        let latest = Dictionary(stored.map { ($0.key, $0) }, uniquingKeysWith: { $0.version >= $1.version ? $0 : $1 })
        var seen = Set<String>()
        for (key, item) in current where seen.insert(key).inserted {
            let hash = contentHash(item)
            guard let previous = latest[key] else {
                result.changes.append(.new(key: key, item: item, hash: hash))
                continue
            }
            if previous.gone {
                result.changes.append(.returned(key: key, item: item, hash: hash, previousVersion: previous.version))
            } else if previous.contentSHA256 != hash {
                result.changes.append(.changed(key: key, item: item, hash: hash, previousVersion: previous.version))
            } else {
                result.unchanged += 1
            }
        }
        let numbers = current.compactMap { $0.item.platformID.flatMap { Int($0) } }
        let dates = current.compactMap(\.item.published)
        for item in latest.values where !item.gone && !seen.contains(item.key) {
            if coverage.goneURLs.contains(String(item.key.dropFirst(4))) && item.key.hasPrefix("url:") {
                result.goneIDs.append(item.id)
                continue
            }
            guard coverage.complete else { continue }
            if coverage.numbered, let low = numbers.min(), let high = numbers.max(),
               let number = item.platformID.flatMap({ Int($0) }), number > low, number < high {
                result.goneIDs.append(item.id)
            } else if coverage.dated, let oldest = dates.min(), let published = item.published, published > oldest {
                result.goneIDs.append(item.id)
            }
        }
        result.goneIDs.sort()
        return result
    }
}
