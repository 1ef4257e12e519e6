import Exchange
import Fluent
import Foundation
import MediaMatch
import Testing
import Vapor

@testable import App

@Suite("Hash banks: import, tombstones, matching, exports")
struct BankImportTests {
    static let images = MediaBankTests.fixtures.appendingPathComponent("images")
    /// The reference PDQ of the original bridge photo (the fixture's `bridge-1-original.jpg`).
    static let bridge = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"

    static func tcap(_ results: [String]) -> HashListPage {
        let data = Data(#"{"count": \#(results.count), "next": null, "previous": null, "results": [\#(results.joined(separator: ","))]}"#.utf8)
        return try! TCAPHashList.parse(data)
    }

    static func entry(_ id: Int, _ algorithm: String, _ digest: String, deleted: Bool = false, at: Double) -> String {
        #"{"id": \#(id), "hash_digest": "\#(digest)", "algorithm": "\#(algorithm)", "ideology": "far-right", "file_type": "jpg", "deleted": \#(deleted), "updated_on": \#(at)}"#
    }

    static func labels(_ matcher: MediaMatcher, _ image: String) throws -> [String] {
        let data = try Data(contentsOf: images.appendingPathComponent(image))
        return MediaAnalyzer(matcher: matcher).analyze(data: data).matches.map(\.fingerprint.source)
    }

    static func options(_ name: String, negative: Bool = false) -> BankImporter.Options {
        .init(bankName: name, format: "tcap", provenance: "Fictional partner hash list", negative: negative)
    }

    @Test func aTombstoneInTheSecondImportStopsTheHashMatching() async throws {
        try await withApp { app in
            let wee = try Data(contentsOf: Self.images.appendingPathComponent("wee.jpg"))
            let weeMD5 = Digest.md5(wee)
            let other = "00112233445566778899aabbccddeeff"
            // First import: the bridge poster (PDQ) and the leaflet (MD5); SHA-1 has no kind and is counted, not stored.
            let first = Self.tcap([Self.entry(1, "PDQ", Self.bridge, at: 1_700_000_000),
                                   Self.entry(2, "MD5", weeMD5, at: 1_700_000_001),
                                   Self.entry(3, "SHA1", String(repeating: "ab", count: 20), at: 1_700_000_001)])
            let report1 = try await BankImporter.importList(first, options: Self.options("Partner list"), actor: .commandLine, app: app)
            #expect(report1.added == 2 && report1.tombstoned == 0 && report1.unknownAlgorithms == ["SHA1": 1])
            let bankID = report1.bankID
            var matcher = try await BankMatching.matcher(on: app.db)
            #expect(try Self.labels(matcher, "bridge-2-rotate-90.jpg") == ["bank #\(bankID)"])
            #expect(try Self.labels(matcher, "wee.jpg") == ["bank #\(bankID)"])

            // Second import: the same list later, the bridge withdrawn (tombstone), one new hash, the leaflet unchanged.
            let second = Self.tcap([Self.entry(1, "PDQ", Self.bridge, deleted: true, at: 1_700_000_100),
                                    Self.entry(2, "MD5", weeMD5, at: 1_700_000_001),
                                    Self.entry(4, "MD5", other, at: 1_700_000_100)])
            let report2 = try await BankImporter.importList(second, options: Self.options("Partner list"), actor: .commandLine, app: app)
            #expect(report2.bankID == bankID)
            #expect(report2.tombstoned == 1 && report2.added == 1 && report2.alreadyApplied == 1 && report2.updated == 0)
            #expect(report2.checkpoint == "1700000100.000000")
            matcher = try await BankMatching.matcher(on: app.db)
            #expect(try Self.labels(matcher, "bridge-2-rotate-90.jpg").isEmpty)
            #expect(try Self.labels(matcher, "wee.jpg") == ["bank #\(bankID)"])
            // The row stays, as a tombstone.
            let row = try #require(try await BankEntry.query(on: app.db).filter(\.$value == Self.bridge).first())
            #expect(row.status == "deleted" && row.deletedAt != nil && row.externalID == "1")

            // The same file again changes nothing: everything is behind the checkpoint.
            let report3 = try await BankImporter.importList(second, options: Self.options("Partner list"), actor: .commandLine, app: app)
            #expect(report3.alreadyApplied == 3 && report3.added == 0 && report3.tombstoned == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "hash_bank.import").count() == 3)

            // The withdrawal leaves in the next TCAP-style export as a tombstone.
            let exported = try TCAPHashList.parse(try await BankExport.tcap(bankID: bankID, on: app.db))
            #expect(exported.entries.count == 3)
            #expect(exported.entries.first { $0.digest == Self.bridge }?.deleted == true)
            #expect(exported.entries.filter(\.deleted).count == 1)
            #expect(exported.entries.first { $0.digest == weeMD5 }?.provenance == "Fictional partner hash list")

            // A switched-off bank matches nothing and shares its entries as tombstones.
            let bank = try #require(try await HashBank.find(bankID, on: app.db))
            bank.enabled = false
            bank.updatedAt = Date()
            try await bank.update(on: app.db)
            matcher = try await BankMatching.matcher(on: app.db)
            #expect(try Self.labels(matcher, "wee.jpg").isEmpty)
            #expect(try await SharedHashes.forBank(bankID, on: app.db).allSatisfy { $0.deleted })
        }
    }

    @Test func aListWithADigestOfTheWrongLengthWritesNothing() async throws {
        try await withApp { app in
            let banks = try await HashBank.query(on: app.db).count()
            let bad = Self.tcap([Self.entry(1, "MD5", "0123456789abcdef0123456789abcdef", at: 1),
                                 Self.entry(2, "PDQ", "0123456789abcdef0123456789abcdef", at: 1)])
            await #expect(throws: BankImportError.self) {
                _ = try await BankImporter.importList(bad, options: Self.options("Broken list"), actor: .commandLine, app: app)
            }
            #expect(try await HashBank.query(on: app.db).count() == banks)
            #expect(try await BankEntry.query(on: app.db).count() == 0)
            // The court bank takes no list.
            let court = try #require(try await SharedHashes.courtBank(on: app.db))
            await #expect(throws: BankImportError.self) {
                _ = try await BankImporter.importList(Self.tcap([]), options: Self.options(court.name), actor: .commandLine, app: app)
            }
        }
    }

    @Test func negativeBanksSuppressRevokedMaterialsLeaveAndFloodsAreHeld() async throws {
        try await withApp { app in
            // A court-banned poster and a leaflet, both matching.
            let wee = try Data(contentsOf: Self.images.appendingPathComponent("wee.jpg"))
            let imported = try await MediaBankStore.importFingerprints(
                [try MediaFingerprint(kind: .pdq, value: Self.bridge, label: "poster"),
                 try MediaFingerprint(kind: .md5, value: Digest.md5(wee), label: "leaflet")],
                materialID: nil, title: "Fictional poster", dryRun: false, actor: .commandLine, app: app)
            let materialID = try #require(imported.materialID)
            var matcher = try await BankMatching.matcher(on: app.db)
            #expect(try Self.labels(matcher, "bridge-1-original.jpg") == ["material #\(materialID)"])

            // The bridge is a known false positive: a negative bank silences it, not the leaflet.
            let negative = Self.tcap([Self.entry(1, "PDQ", Self.bridge, at: 1)])
            _ = try await BankImporter.importList(negative, options: Self.options("Known false positives", negative: true),
                                                  actor: .commandLine, app: app)
            matcher = try await BankMatching.matcher(on: app.db)
            #expect(try Self.labels(matcher, "bridge-1-original.jpg").isEmpty)
            #expect(try Self.labels(matcher, "wee.jpg") == ["material #\(materialID)"])

            // Flood: the leaflet matches a third item in a day with a threshold of two: held, then never returned.
            let flood = FloodQuarantine(threshold: 2)
            let hash: Set = ["md5:" + Digest.md5(wee)]
            #expect(await flood.record(item: "a", hashes: hash, db: app.db, logger: app.logger).isEmpty)
            #expect(await flood.record(item: "b", hashes: hash, db: app.db, logger: app.logger).isEmpty)
            #expect(await flood.record(item: "b", hashes: hash, db: app.db, logger: app.logger).isEmpty)
            #expect(await flood.record(item: "c", hashes: hash, db: app.db, logger: app.logger) == hash)
            let hold = try #require(try await HashHold.query(on: app.db).first())
            #expect(hold.kind == "md5" && hold.matches == 3 && hold.releasedAt == nil)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "hash_bank.hold").count() == 1)
            matcher = try await BankMatching.matcher(on: app.db)
            #expect(try Self.labels(matcher, "wee.jpg").isEmpty)

            // The court overturns the ban: its hashes leave as tombstones with the decision they rested on.
            let material = try #require(try await BannedMaterial.find(materialID, on: app.db))
            material.revokedAt = Date()
            try await material.update(on: app.db)
            let court = try #require(try await SharedHashes.courtBank(on: app.db))
            let shared = try await SharedHashes.forBank(try court.requireID(), on: app.db)
            #expect(shared.count == 2 && shared.allSatisfy { $0.deleted } && shared.allSatisfy { $0.materialID == materialID })
            let exported = try TCAPHashList.parse(try await BankExport.tcap(bankID: try court.requireID(), on: app.db))
            #expect(exported.entries.allSatisfy { $0.deleted })
            // A negative bank shares nothing.
            let negativeBank = try #require(try await HashBank.query(on: app.db).filter(\.$negative == true).first())
            #expect(try await SharedHashes.forBank(try negativeBank.requireID(), on: app.db).isEmpty)
        }
    }
}
