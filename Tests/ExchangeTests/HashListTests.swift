import Foundation
import Testing
@testable import Exchange

@Suite("Hash lists: TCAP-style JSON and GIFCT-style CSV")
struct HashListTests {
    static let pdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
    static let md5 = "0123456789abcdef0123456789abcdef"

    static func page(_ results: String, checkpoint: String? = nil) -> Data {
        Data(#"{"count": 2, "next": null, "previous": null, "checkpoint": \#(checkpoint.map { "\"\($0)\"" } ?? "null"), "results": [\#(results)]}"#.utf8)
    }

    @Test func aTCAPPageGivesEntriesTombstonesAndACheckpoint() throws {
        let data = Self.page("""
            {"id": 2819, "hash_digest": "\(Self.pdq.uppercased())", "algorithm": "PDQ", "ideology": "far-right",
             "file_type": "jpg", "deleted": false, "updated_on": 1704901040.222779},
            {"id": 2821, "hash_digest": "\(Self.md5)", "algorithm": "md5", "ideology": "islamist",
             "file_type": "mp4", "deleted": true, "updated_on": 1704901041.5}
            """)
        let page = try TCAPHashList.parse(data)
        #expect(page.entries.count == 2)
        #expect(page.entries[0] == HashListEntry(id: "2819", algorithm: "PDQ", digest: Self.pdq, fileType: "jpg",
                                                 labels: ["far-right"], deleted: false,
                                                 updatedAt: Date(timeIntervalSince1970: 1704901040.222779)))
        #expect(page.entries[1].deleted && page.entries[1].algorithm == "MD5")
        // No checkpoint in the page: the newest updated_on, so the next import skips what it has seen.
        #expect(page.checkpoint == "1704901041.500000")
        #expect(try TCAPHashList.parse(Self.page("", checkpoint: "1704999999.0")).checkpoint == "1704999999.0")
        // TCAP's ideology filter.
        #expect(try TCAPHashList.parse(data, ideology: "islamist").entries.map(\.id) == ["2821"])
        #expect(try TCAPHashList.parse(data, ideology: "all").entries.count == 2)
        // A saved paging run (array of pages) and a bare results array read the same.
        let run = Data("[".utf8) + data + Data(",".utf8) + Self.page("") + Data("]".utf8)
        #expect(try TCAPHashList.parse(run).entries == page.entries)
    }

    @Test func aListWithOneBadRecordIsRefusedWhole() {
        let bad = Self.page("""
            {"id": 1, "hash_digest": "\(Self.pdq)", "algorithm": "PDQ", "deleted": false},
            {"id": 2, "hash_digest": "not-hex<script>", "algorithm": "PDQ", "deleted": false},
            {"id": 3, "hash_digest": "\(Self.md5)", "algorithm": "MD5", "deleted": "maybe"},
            {"id": 4, "hash_digest": "\(Self.md5)", "algorithm": "M D5"}
            """)
        #expect {
            _ = try TCAPHashList.parse(bad)
        } throws: { error in
            guard case let HashListError.invalidRecords(issues) = error else { return false }
            return issues.map(\.record) == ["entry 2", "entry 3", "entry 4"]
        }
        #expect(throws: HashListError.self) { _ = try TCAPHashList.parse(Data("not json".utf8)) }
        #expect(throws: HashListError.self) { _ = try TCAPHashList.parse(Data(#"{"results": 5}"#.utf8)) }
        #expect(throws: HashListError.self) {
            _ = try TCAPHashList.parse(Self.page(#"{"hash_digest": "\#(Self.md5)", "algorithm": "MD5", "file_type": "\#(String(repeating: "x", count: 300))"}"#))
        }
    }

    @Test func anExportCarriesTombstonesAndReadsBack() throws {
        let old = Date(timeIntervalSince1970: 1_700_000_000), new = Date(timeIntervalSince1970: 1_700_000_100)
        let entries = [
            HashListEntry(id: "bank_entry:1", algorithm: "PDQ", digest: Self.pdq, labels: ["Fictional Front"],
                          deleted: false, updatedAt: old, label: "poster", provenance: "court decisions",
                          court: "Oktyabrsky District Court of Bishkek", decisionNumber: "2-77/2025", decisionDate: "2025-03-14"),
            HashListEntry(id: "bank_entry:2", algorithm: "MD5", digest: Self.md5, deleted: true, updatedAt: new),
        ]
        let data = TCAPHashList.export(entries)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["count"] as? Int == 2)
        #expect(object["checkpoint"] as? String == "1700000100.000000")
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results[1]["deleted"] as? Bool == true)
        #expect((results[0]["legal_basis"] as? [String: String])?["decision_number"] == "2-77/2025")
        let back = try TCAPHashList.parse(data)
        #expect(back.entries.map(\.deleted) == [false, true])
        #expect(back.entries.map(\.digest) == [Self.pdq, Self.md5])
        #expect(back.entries[0].label == "poster" && back.entries[0].labels == ["Fictional Front"])
        // With a partner's checkpoint only what changed after it leaves.
        let since = try TCAPHashList.parse(TCAPHashList.export(entries, after: old))
        #expect(since.entries.map(\.id) == ["bank_entry:2"])
    }

    @Test func aGIFCTStyleCSVIsReadByItsHeader() throws {
        let csv = """
            hash_type,hash,labels,deleted,updated_at,id
            pdq,\(Self.pdq),"Fictional Front;violent",false,2025-01-02T03:04:05Z,a1
            MD5,\(Self.md5),,true,1735787045,a2

            """
        let page = try GIFCTHashCSV.parse(csv)
        #expect(page.entries.count == 2)
        #expect(page.entries[0].labels == ["Fictional Front", "violent"] && page.entries[0].algorithm == "PDQ")
        #expect(page.entries[1].deleted && page.entries[1].id == "a2")
        #expect(page.checkpoint == "1735787045.000000")
        #expect(throws: HashListError.self) { _ = try GIFCTHashCSV.parse("hash,label\n\(Self.md5),x\n") }
        #expect {
            _ = try GIFCTHashCSV.parse("hash,hash_type\n\(Self.md5),md5\nzz,md5\n\(Self.md5),md5,extra\n")
        } throws: { error in
            guard case let HashListError.invalidRecords(issues) = error else { return false }
            return issues.map(\.record) == ["line 3", "line 4"]
        }
    }
}
