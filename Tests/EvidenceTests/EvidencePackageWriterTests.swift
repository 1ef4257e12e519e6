import Foundation
import Testing

@testable import Evidence

/// The evidence package: `warcinfo` first, then each capture's records copied byte for byte, the
/// custody manifest, and refusals when a recorded location no longer holds what was recorded.
@Suite struct EvidencePackageWriterTests {
    struct Collected {
        var file: URL
        var records: HTTPCaptureRecords
        var capture: HTTPCapture
    }

    static func collect(_ temp: TemporaryDirectory) async throws -> [Collected] {
        let writer = try makeWriter(temp.file("warc"))
        var collected: [Collected] = []
        let base = Date(timeIntervalSince1970: 1_717_243_200)
        for (index, uri) in ["https://news.example.kg/", "https://news.example.kg/a?x=1"].enumerated() {
            let capture = sampleCapture(
                uri: uri, body: Data("<html><p>Fictional page \(index)</p></html>".utf8),
                date: base.addingTimeInterval(Double(index)))
            let records = try await writer.write(capture)
            collected.append(
                Collected(
                    file: temp.file("warc").appendingPathComponent(records.location.filename),
                    records: records, capture: capture))
        }
        try await writer.close()
        return collected
    }

    static func packageCapture(_ c: Collected, id: String, responseOnly: Bool = false) -> PackageCapture {
        PackageCapture(
            id: id, url: c.capture.targetURI, capturedAt: c.capture.date, collector: "test-worker", warcFile: c.file,
            request: responseOnly ? nil : c.records.request.location, response: c.records.response.location,
            metadata: responseOnly ? nil : c.records.metadata.location,
            recordedDigests: [
                "request": c.records.request.blockDigest.description,
                "response": c.records.response.blockDigest.description,
                "metadata": c.records.metadata.blockDigest.description,
            ], isPage: true)
    }

    static let description = PackageDescription(
        title: "Test package",
        warcinfo: PackageWarcinfo(
            software: "Kaiguul", version: "0.0.0-test", operatorName: "Test Unit",
            caseNumber: "case-7", created: Date(timeIntervalSince1970: 1_717_300_000),
            packagedBy: "Test Analyst (analyst1)"),
        auditTrail: [
            CustodyManifest.AuditStep(
                seq: 1, at: Date(timeIntervalSince1970: 1_717_250_000),
                actor: "analyst1", action: "case.create", object: "case:7",
                details: ["target": "news.example.kg"], hash: String(repeating: "a", count: 64))
        ])

    /// A throwaway instance's keys: anonymous WACZ signature, custody signature, keys document.
    static let signing = TestSigningKeys().signing()

    /// The raw bytes of one record in a file.
    static func raw(_ file: URL, _ location: WARCRecordLocation) throws -> Data {
        var data = Data()
        try WARCReader.copyRawRecord(file: file, location: location) { data.append($0) }
        return data
    }

    @Test func recordsAreCopiedByteForByteAfterANewWarcinfo() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let collected = try await Self.collect(temp)
        let captures = [
            Self.packageCapture(collected[0], id: "capture-1"),
            Self.packageCapture(collected[1], id: "capture-2", responseOnly: true),
        ]
        let out = temp.file("case-7.wacz")

        // MUT
        let summary = try await EvidencePackageWriter.write(
            captures: captures, description: Self.description, to: out, signing: Self.signing)

        // validate: the WARC inside, read with our reader
        let unzipped = temp.file("unzipped")
        try FileManager.default.createDirectory(at: unzipped, withIntermediateDirectories: true)
        #expect(try run("/usr/bin/env", ["unzip", "-q", out.path, "-d", unzipped.path]).status == 0)
        let warc = unzipped.appendingPathComponent("archive").appendingPathComponent(summary.warcName)
        let records = try readAll(warc)
        #expect(
            records.map { $0.header.typeName ?? "" } == ["warcinfo", "request", "response", "metadata", "response"])
        let info = String(decoding: records[0].block, as: UTF8.self)
        for line in [
            "software: Kaiguul/0.0.0-test", "operator: Test Unit", "isPartOf: case-7",
            "packagedBy: Test Analyst (analyst1)", "created: 2024-06-02T03:46:40Z",
        ] {
            #expect(info.contains(line + "\r\n"), "\(info)")
        }
        // every copied record is the very bytes written at collection
        let originals = [
            collected[0].records.request.location, collected[0].records.response.location,
            collected[0].records.metadata.location, collected[1].records.response.location,
        ]
        let files = [collected[0].file, collected[0].file, collected[0].file, collected[1].file]
        for (index, end) in records.dropFirst().map(\.end).enumerated() {
            #expect(try Self.raw(warc, end.location) == Self.raw(files[index], originals[index]))
        }
        #expect(WARCConformance.check(file: warc, options: .kaiguul).filter { $0.severity == .error }.isEmpty)

        // the manifest lists every record's digests, the response-only capture, and the audit trail
        let manifestBytes = try Data(contentsOf: unzipped.appendingPathComponent(EvidencePackageWriter.manifestPath))
        let manifest = try JSONDecoder().decode(CustodyManifest.self, from: manifestBytes)
        let canonical = try manifest.canonicalBytes()
        #expect(manifest == summary.manifest && manifestBytes == canonical)
        #expect(manifest.records?.map(\.type) == ["warcinfo", "request", "response", "metadata", "response"])
        #expect(manifest.records?[2].blockDigest == collected[0].records.response.blockDigest.description)
        #expect(manifest.records?[2].payloadDigest == collected[0].records.response.payloadDigest?.description)
        #expect(manifest.captures?.map(\.records) == ["request,response,metadata", "response"])
        #expect(manifest.captures?[0].note == nil && manifest.captures?[1].note?.contains("response only") == true)
        #expect(manifest.auditTrail?.first?.action == "case.create" && manifest.createdBy == "Test Analyst (analyst1)")
        #expect(manifest.verifyFiles(in: unzipped).isEmpty)
        let datapackage = String(
            decoding: try Data(contentsOf: unzipped.appendingPathComponent("datapackage.json")),
            as: UTF8.self)
        #expect(datapackage.contains("\"path\" : \"custody/manifest.json\""))
        #expect(try coreutilsSHA256(Data(contentsOf: out)) == summary.wacz.sha256)
        Self.keep(out, as: "evidence-writer.wacz")
    }

    @Test func aRecordThatIsNotTheRecordedOneIsRefused() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let collected = try await Self.collect(temp)
        var wrongDigest = Self.packageCapture(collected[0], id: "capture-1")
        wrongDigest.recordedDigests["response"] = "sha256:" + String(repeating: "0", count: 64)
        var wrongType = Self.packageCapture(collected[0], id: "capture-1")
        wrongType.request = collected[0].records.metadata.location

        // MUT + validate: nothing is written in either case
        for capture in [wrongDigest, wrongType] {
            let out = temp.file("refused-\(UUID().uuidString).wacz")
            await #expect(throws: EvidenceError.self) {
                try await EvidencePackageWriter.write(
                    captures: [capture], description: Self.description, to: out, signing: Self.signing)
            }
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: temp.url.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func aDamagedRecordIsRefused() async throws {
        // setup: flip one byte inside the response's gzip member (the digest check must catch it)
        let temp = try TemporaryDirectory()
        let collected = try await Self.collect(temp)
        var capture = Self.packageCapture(collected[0], id: "capture-1")
        capture.recordedDigests = [:]
        let copy = temp.file("damaged.warc.gz")
        try FileManager.default.copyItem(at: collected[0].file, to: copy)
        var bytes = try Data(contentsOf: copy)
        let response = collected[0].records.response.location
        let body = try systemGunzip(Self.raw(copy, response))
        var altered = body
        altered[altered.count - 10] ^= 0x01
        let member = try run("/usr/bin/env", ["gzip", "-c", "-n"], input: altered).output
        bytes.replaceSubrange(Int(response.offset)..<Int(response.offset + response.length), with: member)
        try bytes.write(to: copy)
        capture.warcFile = copy
        let shift = Int64(member.count) - Int64(response.length)
        capture.response.length = UInt64(member.count)
        capture.metadata?.offset = UInt64(Int64(collected[0].records.metadata.location.offset) + shift)

        // MUT + validate
        await #expect(throws: EvidenceError.self) {
            try await EvidencePackageWriter.write(
                captures: [capture], description: Self.description,
                to: temp.file("damaged.wacz"), signing: Self.signing)
        }
    }

    /// Leaves a package where `make test` runs wacz validate, warcio and pywb over it.
    static func keep(_ file: URL, as name: String) {
        guard let base = ProcessInfo.processInfo.environment["KAIGUUL_EVIDENCE_SAMPLES_DIR"], !base.isEmpty else {
            return
        }
        let directory = URL(fileURLWithPath: base).appendingPathComponent("package")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let target = directory.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: target)
        try? FileManager.default.copyItem(at: file, to: target)
    }
}
