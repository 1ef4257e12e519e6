import Foundation

/// TCAP-style hash lists (Tech Against Terrorism's hash-list API): a page `{count, next, previous,
/// checkpoint, results: [{id, hash_digest, algorithm, ideology, file_type, deleted, updated_on}]}`.
/// A file may hold one page, an array of pages (a saved paging run) or a bare array of results.
/// `deleted: true` is a tombstone: the list withdrew the hash.
public enum TCAPHashList {
    /// Parses a list; with `ideology`, keeps only entries of that ideology (TCAP's filter; `all` keeps all).
    public static func parse(_ data: Data, ideology: String? = nil) throws(HashListError) -> HashListPage {
        guard data.count <= HashListRules.maxBytes else {
            throw .inputTooLarge(bytes: data.count, limit: HashListRules.maxBytes)
        }
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw .notAHashList("not JSON")
        }
        var pages: [[String: Any]] = []
        var records: [Any] = []
        if let page = root as? [String: Any] {
            pages = [page]
        } else if let array = root as? [Any] {
            if array.allSatisfy({ ($0 as? [String: Any])?["results"] != nil }), !array.isEmpty {
                pages = array.compactMap { $0 as? [String: Any] }
            } else {
                records = array
            }
        } else {
            throw .notAHashList("expected an object with results or an array")
        }
        var listCheckpoint: String?
        for page in pages {
            guard let results = page["results"] as? [Any] else { throw .notAHashList("a page has no results array") }
            records += results
            if let c = page["checkpoint"], !(c is NSNull) {
                guard let text = HashListRules.text((c as? String) ?? HashListRules.number(c).map { String($0) }), text != nil else {
                    throw .notAHashList("checkpoint is not a short text")
                }
                listCheckpoint = text
            }
        }
        guard records.count <= HashListRules.maxEntries else { throw .tooManyEntries(limit: HashListRules.maxEntries) }
        let wanted = ideology.map { $0.lowercased() }.flatMap { $0 == "all" || $0.isEmpty ? nil : $0 }
        var entries: [HashListEntry] = []
        var issues: [HashListIssue] = []
        var newest: Date?
        for (index, record) in records.enumerated() {
            switch entry(record) {
            case let .success(entry):
                if let wanted, !entry.labels.contains(where: { $0.lowercased() == wanted }) { continue }
                if let d = entry.updatedAt, d > (newest ?? .distantPast) { newest = d }
                entries.append(entry)
            case let .failure(reason):
                if issues.count < 100 { issues.append(HashListIssue(record: "entry \(index + 1)", reason: reason.text)) }
            }
        }
        guard issues.isEmpty else { throw .invalidRecords(issues) }
        return HashListPage(entries: entries, checkpoint: listCheckpoint ?? newest.map(HashListRules.checkpoint))
    }

    struct Reason: Error { let text: String }

    static func entry(_ record: Any) -> Result<HashListEntry, Reason> {
        guard let object = record as? [String: Any] else { return .failure(Reason(text: "not an object")) }
        guard let rawDigest = object["hash_digest"] as? String, let digest = HashListRules.digest(rawDigest) else {
            return .failure(Reason(text: "hash_digest missing or not hex"))
        }
        guard let rawAlgorithm = object["algorithm"] as? String, let algorithm = HashListRules.algorithm(rawAlgorithm) else {
            return .failure(Reason(text: "algorithm missing or malformed"))
        }
        let id: String?
        if object["id"] == nil || object["id"] is NSNull {
            id = nil
        } else if let s = object["id"] as? String {
            guard let t = HashListRules.text(s) else { return .failure(Reason(text: "id too long")) }
            id = t
        } else if let n = HashListRules.number(object["id"]), n.isFinite, n == n.rounded(), abs(n) < 1e15 {
            id = String(Int64(n))
        } else {
            return .failure(Reason(text: "id is neither number nor text"))
        }
        guard let fileType = HashListRules.text(object["file_type"] as? String) else {
            return .failure(Reason(text: "file_type too long"))
        }
        var labels: [String] = []
        let ideologies: [Any] = (object["ideology"] as? [Any]) ?? (object["ideology"].map { [$0] } ?? [])
        for value in ideologies.prefix(HashListRules.maxLabels) where !(value is NSNull) {
            guard let text = HashListRules.text(value as? String) else {
                return .failure(Reason(text: "ideology is not a short text"))
            }
            if let text { labels.append(text) }
        }
        let deleted: Bool
        let rawDeleted = object["deleted"]
        if rawDeleted == nil || rawDeleted is NSNull {
            deleted = false
        } else if let raw = rawDeleted, HashListRules.isBoolean(raw), let b = raw as? Bool {
            deleted = b
        } else if let n = HashListRules.number(rawDeleted), n == 0 || n == 1 {
            deleted = n == 1
        } else {
            return .failure(Reason(text: "deleted is not true or false"))
        }
        guard let updated = HashListRules.date(object["updated_on"]) else {
            return .failure(Reason(text: "updated_on is not a time"))
        }
        guard let label = HashListRules.text(object["label"] as? String),
              let provenance = HashListRules.text(object["provenance"] as? String) else {
            return .failure(Reason(text: "label or provenance too long"))
        }
        return .success(HashListEntry(id: id, algorithm: algorithm, digest: digest, fileType: fileType ?? nil,
                                      labels: labels, deleted: deleted, updatedAt: updated ?? nil,
                                      label: label ?? nil, provenance: provenance ?? nil))
    }

    /// One page holding every entry given (tombstones included), newest change last, with a checkpoint a
    /// partner can send back: the newest `updated_on`. `after` leaves out entries not changed since.
    public static func export(_ entries: [HashListEntry], after: Date? = nil) -> Data {
        let selected = entries.filter { entry in after.map { (entry.updatedAt ?? .distantFuture) > $0 } ?? true }
            .sorted { ($0.updatedAt ?? .distantPast, $0.id ?? "", $0.digest) < ($1.updatedAt ?? .distantPast, $1.id ?? "", $1.digest) }
        let newest = selected.compactMap(\.updatedAt).max() ?? after
        let results: [[String: Any]] = selected.map { entry in
            var object: [String: Any] = [
                "hash_digest": entry.digest, "algorithm": entry.algorithm, "deleted": entry.deleted,
                "ideology": entry.labels.first ?? NSNull(), "file_type": entry.fileType ?? NSNull(),
                "updated_on": entry.updatedAt.map { Double(Int64(($0.timeIntervalSince1970 * 1_000_000).rounded())) / 1_000_000 } ?? NSNull(),
                "id": entry.id ?? NSNull(),
            ]
            if let label = entry.label { object["label"] = label }
            if entry.labels.count > 1 { object["labels"] = entry.labels }
            if let provenance = entry.provenance { object["provenance"] = provenance }
            if entry.court != nil || entry.decisionNumber != nil {
                object["legal_basis"] = ["court": entry.court ?? "", "decision_number": entry.decisionNumber ?? "",
                                         "decision_date": entry.decisionDate ?? ""]
            }
            return object
        }
        let page: [String: Any] = [
            "count": results.count, "next": NSNull(), "previous": NSNull(),
            "checkpoint": newest.map(HashListRules.checkpoint) ?? NSNull(), "results": results,
        ]
        return (try? JSONSerialization.data(withJSONObject: page, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}
