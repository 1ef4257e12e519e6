import Exchange
import Fluent
import Foundation
import Testing

@testable import App

/// A list that gives its own checkpoint as an RFC 3339 time (not Kaiguul's seconds) still pages:
/// an older file imported again after a newer one reopens nothing the newer one settled.
@Suite("Hash banks: a list's own checkpoint")
struct BankCheckpointTests {
    static func page(_ checkpoint: String, _ results: [String]) throws -> HashListPage {
        let json = #"{"count": \#(results.count), "next": null, "previous": null, "checkpoint": "\#(checkpoint)", "results": [\#(results.joined(separator: ","))]}"#
        return try TCAPHashList.parse(Data(json.utf8))
    }

    @Test func anOlderListAfterANewerOneDoesNotReviveATombstone() async throws {
        try await withApp { app in
            let bridge = BankImportTests.bridge
            let first = try Self.page("2026-11-01T00:00:00Z", [BankImportTests.entry(1, "PDQ", bridge, at: 1_793_000_000)])
            let second = try Self.page("2026-11-20T00:00:00Z",
                                       [BankImportTests.entry(1, "PDQ", bridge, deleted: true, at: 1_795_000_000)])
            let options = BankImportTests.options("Listed with dates")
            _ = try await BankImporter.importList(first, options: options, actor: .commandLine, app: app)
            let tombstoned = try await BankImporter.importList(second, options: options, actor: .commandLine, app: app)
            #expect(tombstoned.tombstoned == 1 && tombstoned.checkpoint == "2026-11-20T00:00:00Z")

            let again = try await BankImporter.importList(first, options: options, actor: .commandLine, app: app)
            #expect(again.alreadyApplied == 1 && again.updated == 0)
            #expect(again.checkpoint == "2026-11-20T00:00:00Z")
            let matcher = try await BankMatching.matcher(on: app.db)
            #expect(try BankImportTests.labels(matcher, "bridge-2-rotate-90.jpg").isEmpty)
        }
    }

    @Test(arguments: [("1700000100.000000", 1_700_000_100.0), ("2026-11-20T00:00:00Z", 1_795_132_800.0),
                      ("2026-11-20T00:00:00.500Z", 1_795_132_800.5), ("yesterday", nil)])
    func checkpointsReadAsTimes(text: String, seconds: Double?) {
        #expect(HashListCheckpoint.time(text) == seconds)
    }
}
