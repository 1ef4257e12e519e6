import Foundation
import Testing
@testable import MediaMatch

@Suite struct MediaBankTests {
    let pdqA = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
    let pdqB = "30a10efd71cc3d429013d48d0ffffc52e34e0e17ada952a9d29685211ea9e5af"

    @Test func exactDigestsAreTheHexPartnersListsCarry() {
        // Lowercase, zero-padded hex: the form hash-sharing lists write, so an exact match is a string match.
        #expect(Digest.sha256(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digest.md5(Data()) == "d41d8cd98f00b204e9800998ecf8427e")
    }

    @Test func fingerprintsValidateTheirHashes() throws {
        #expect(try MediaFingerprint(kind: .pdq, value: pdqA.uppercased()).value == pdqA)
        #expect(throws: BankError.self) { try MediaFingerprint(kind: .md5, value: pdqA) }
        #expect(throws: BankError.self) { try MediaFingerprint(kind: .pdq, value: "xyz") }
        #expect(throws: BankError.self) {
            try MediaFingerprint(kind: .sha256, value: String(repeating: "g", count: 64))
        }
        #expect(throws: BankError.fieldTooLong) {
            try MediaFingerprint(kind: .pdq, value: pdqA, label: String(repeating: "x", count: 501))
        }
        #expect(try MediaFingerprint(kind: .pdq, value: pdqA).pdqHash == PDQHash(hex: pdqA))
        #expect(try MediaFingerprint(kind: .sha256, value: pdqA).pdqHash == nil)
    }

    @Test func hexPerLineImportAndExport() throws {
        let text = """
        # banned posters, decision 12/2024 (fictional)
        \(pdqA)
        \(pdqB.uppercased()) 100 poster-two.jpg

        """
        let entries = try MediaBank.parseHexLines(text, kind: .pdq, source: "court 12/2024")
        #expect(entries.count == 2)
        #expect(entries[0].value == pdqA && entries[0].source == "court 12/2024")
        #expect(entries[1].value == pdqB && entries[1].label == "poster-two.jpg")
        let bank = MediaBank(entries)
        #expect(bank.exportHexLines(kind: .pdq) == "\(pdqA)\n\(pdqB)\n")
        #expect(try MediaBank.parseHexLines(bank.exportHexLines(kind: .pdq), kind: .pdq).map(\.value) == [pdqA, pdqB])
    }

    @Test func hexImportReportsEveryBadLineAndImportsNothing() throws {
        let text = "\(pdqA)\nnot-a-hash\n\(pdqB)\n\(pdqA.dropLast())\n"
        do {
            _ = try MediaBank.parseHexLines(text, kind: .pdq)
            Issue.record("bad lines accepted")
        } catch {
            guard case let .invalidLines(issues) = error else { Issue.record("\(error)"); return }
            #expect(issues.map(\.line) == [2, 4])
        }
    }

    @Test func csvRoundTripsWithQuotingAndMixedKinds() throws {
        let md5 = "9e107d9d372bb6826bd81d3542a419d6"
        var bank = MediaBank()
        bank.add(try MediaFingerprint(kind: .pdq, value: pdqA, label: "Poster \"Dawn\", v2", source: "Court, Bishkek"))
        bank.add(try MediaFingerprint(kind: .md5, value: md5, label: "leaflet\nscan", source: "partner list"))
        bank.add(try MediaFingerprint(kind: .sha256, value: pdqB, label: "video", source: ""))
        let csv = bank.exportCSV()
        #expect(csv.hasPrefix("hash,label,source,kind\n"))
        #expect(csv.contains("\"Poster \"\"Dawn\"\", v2\""))
        let parsed = try MediaBank.parseCSV(csv)
        #expect(parsed == bank.entries)

        let pdqOnly = bank.exportCSV(kind: .pdq)
        #expect(pdqOnly.hasPrefix("hash,label,source\n"))
        #expect(try MediaBank.parseCSV(pdqOnly) == bank.entries(of: .pdq))
    }

    @Test func csvWithoutKindInfersMD5AndUsesTheDefaultFor64Digits() throws {
        let csv = "hash,label,source\n\(pdqA),a,s\n9e107d9d372bb6826bd81d3542a419d6,b,s\n"
        let asPDQ = try MediaBank.parseCSV(csv)
        #expect(asPDQ.map(\.kind) == [.pdq, .md5])
        let asSHA = try MediaBank.parseCSV(csv, defaultKind: .sha256)
        #expect(asSHA.map(\.kind) == [.sha256, .md5])
    }

    @Test func csvRejectsBadRows() throws {
        let bad = "hash,label,source\n\(pdqA),ok,s\nzz,bad,s\n\(pdqA),a,b,c,d\n\(pdqA),a,b,nonsense\n\"unterminated\n"
        do {
            _ = try MediaBank.parseCSV(bad)
            Issue.record("bad CSV accepted")
        } catch {
            guard case .invalidLines = error else { Issue.record("\(error)"); return }
        }
        do {
            _ = try MediaBank.parseCSV("hash,label,source\nzz,bad,s\n\(pdqA),a,b,c,d\n\(pdqA),a,b,nonsense\n")
            Issue.record("bad CSV accepted")
        } catch {
            guard case let .invalidLines(issues) = error else { Issue.record("\(error)"); return }
            #expect(issues.map(\.line) == [2, 3, 4])
        }
    }
}

@Suite struct DigestStreamingTests {
    @Test func fileDigestsEqualInMemoryDigestsAcrossChunkBoundaries() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var generator = SplitMix64(seed: 3)
        // Longer than one read chunk and not a multiple of the block size.
        let bytes = (0..<((1 << 20) + 1_000_003 % 64 + 777)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let url = dir.appendingPathComponent("blob.bin")
        try Data(bytes).write(to: url)
        let streamed = try Digest.fileDigests(url)
        #expect(streamed.md5 == Digest.md5(Data(bytes)))
        #expect(streamed.sha256 == Digest.sha256(Data(bytes)))
    }

    @Test func storedFingerprintsAreValidatedWhenDecoded() throws {
        let good = #"{"kind":"md5","value":"9E107D9D372BB6826BD81D3542A419D6","label":"x","source":"y"}"#
        let decoded = try JSONDecoder().decode(MediaFingerprint.self, from: Data(good.utf8))
        #expect(decoded.value == "9e107d9d372bb6826bd81d3542a419d6")
        let bad = #"{"kind":"md5","value":"zz","label":"x","source":"y"}"#
        #expect(throws: (any Error).self) { try JSONDecoder().decode(MediaFingerprint.self, from: Data(bad.utf8)) }
    }
}
