import Crypto
import Foundation
import Testing

@testable import Evidence

@Suite struct BlobStoreTests {
    @Test func sameBytesAreStoredOnceUnderTheirHash() throws {
        let temp = try TemporaryDirectory()
        let store = try BlobStore(root: temp.url)
        let data = Data("fictional leaflet text".utf8)
        let hex = try coreutilsSHA256(data)

        let first = try store.put(data)
        let second = try store.put(data)

        #expect(first == BlobStore.StoredBlob(sha256: hex, size: UInt64(data.count), isNew: true))
        #expect(second.isNew == false)
        #expect(second.sha256 == hex)
        let path = temp.url.appendingPathComponent("sha256/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))/\(hex)")
        #expect(try store.url(for: hex).path == path.path)
        #expect(try Data(contentsOf: path) == data)
        #expect(try store.read(hex, maxBytes: 100) == data)
        let blobs = try FileManager.default.subpathsOfDirectory(atPath: temp.url.appendingPathComponent("sha256").path)
        #expect(blobs.filter { $0.hasSuffix(hex) }.count == 1)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: temp.url.appendingPathComponent("tmp").path)
        #expect(leftovers.isEmpty)
    }

    @Test func filesStreamIntoTheStoreAndMatchMemoryPuts() throws {
        let temp = try TemporaryDirectory()
        let store = try BlobStore(root: temp.url.appendingPathComponent("blobs"))
        let bytes = pseudoRandomBytes(2_500_000, seed: 4)
        let source = temp.file("video.bin")
        try bytes.write(to: source)

        let fromFile = try store.put(fileAt: source)
        let fromMemory = try store.put(bytes)

        #expect(fromFile.sha256 == (try coreutilsSHA256(bytes)))
        #expect(fromFile.isNew && !fromMemory.isNew)
        #expect(fromFile.size == 2_500_000)
        var streamed = Data()
        try store.forEachChunk(of: fromFile.sha256, chunkSize: 100_000) { streamed.append($0) }
        #expect(streamed == bytes)
        #expect(throws: EvidenceError.tooLarge(limit: 1000)) { try store.put(fileAt: source, maxBytes: 1000) }
        #expect(throws: EvidenceError.tooLarge(limit: 10)) { try store.read(fromFile.sha256, maxBytes: 10) }
    }

    @Test func storedBlobsAreReadOnlyAndVerifyCatchesDamage() throws {
        let temp = try TemporaryDirectory()
        let store = try BlobStore(root: temp.url)
        let blob = try store.put(Data("original".utf8))
        try store.verify(blob.sha256)
        let url = try store.url(for: blob.sha256)
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o444)

        // Someone with root rights edits the file behind the store's back.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        try Data("tampered".utf8).write(to: url)
        #expect(throws: EvidenceError.blobCorrupted(expected: blob.sha256, actual: sha256Hex(Data("tampered".utf8)))) {
            try store.verify(blob.sha256)
        }
        // A put of the original bytes does not silently "repair" or overwrite it either.
        try Data("tampered-longer".utf8).write(to: url)
        #expect(throws: EvidenceError.self) { try store.put(Data("original".utf8)) }
        #expect(try Data(contentsOf: url) == Data("tampered-longer".utf8))
    }

    @Test func hashesFromOutsideCannotEscapeTheStore() throws {
        let temp = try TemporaryDirectory()
        let store = try BlobStore(root: temp.url)
        let upper = String(repeating: "A", count: 64)
        for bad in ["../../etc/passwd", "", upper, String(repeating: "a", count: 63) + "/"] {
            #expect(throws: EvidenceError.invalidHash(bad)) { try store.url(for: bad) }
            #expect(!store.contains(bad))
        }
        #expect(throws: EvidenceError.blobNotFound(String(repeating: "0", count: 64))) {
            try store.verify(String(repeating: "0", count: 64))
        }
    }

    @Test func concurrentPutsOfTheSameContentKeepOneCopy() async throws {
        let temp = try TemporaryDirectory()
        let store = try BlobStore(root: temp.url)
        let data = pseudoRandomBytes(200_000, seed: 5)
        let results = try await withThrowingTaskGroup(of: BlobStore.StoredBlob.self) { group in
            for _ in 0..<16 { group.addTask { try store.put(data) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter(\.isNew).count == 1)
        #expect(Set(results.map(\.sha256)).count == 1)
        try store.verify(results[0].sha256)
    }
}

@Suite struct CustodyManifestTests {
    private func sample(_ directory: URL) throws -> CustodyManifest {
        try Data("capture one".utf8).write(to: directory.appendingPathComponent("a.warc.gz"))
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("media"),
                                                withIntermediateDirectories: true)
        try Data("image".utf8).write(to: directory.appendingPathComponent("media/b.jpg"))
        let at = Date(timeIntervalSince1970: 1_717_243_200)
        return CustodyManifest(createdAt: at, createdBy: "analyst:3", subject: "case 2024/17", entries: [
            try .describing(directory.appendingPathComponent("a.warc.gz"), as: "a.warc.gz", collectedAt: at,
                            collector: "worker-1"),
            try .describing(directory.appendingPathComponent("media/b.jpg"), as: "media/b.jpg", collectedAt: at,
                            collector: "worker-1"),
        ])
    }

    @Test func signedManifestVerifiesAndListsTheFiles() throws {
        let temp = try TemporaryDirectory()
        let manifest = try sample(temp.url)
        let key = Curve25519.Signing.PrivateKey()
        let bytes = try manifest.canonicalBytes()
        let signature = try manifest.sign(with: key)

        let verified = try CustodyManifest.verify(manifestBytes: bytes, signature: signature, trustedKey: key.publicKey)

        #expect(verified == manifest)
        #expect(verified.entries[0].sha256 == (try coreutilsSHA256(Data("capture one".utf8))))
        #expect(verified.entries[1].size == 5)
        #expect(verified.entries[0].collectedAt == "2024-06-01T12:00:00Z")
        #expect(signature.manifestSHA256 == (try coreutilsSHA256(bytes)))
        #expect(verified.verifyFiles(in: temp.url).isEmpty)
        // Canonical: sorted keys, no whitespace, slashes unescaped.
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("{\"createdAt\":\"2024-06-01T12:00:00Z\",\"createdBy\":\"analyst:3\",\"entries\":[{"))
        #expect(text.contains("\"path\":\"media/b.jpg\""))
    }

    @Test func anyChangeBreaksTheSignature() throws {
        let temp = try TemporaryDirectory()
        let manifest = try sample(temp.url)
        let key = Curve25519.Signing.PrivateKey()
        let bytes = try manifest.canonicalBytes()
        let signature = try manifest.sign(with: key)

        var edited = manifest
        edited.entries[0].collector = "someone-else"
        #expect(throws: EvidenceError.signatureInvalid) {
            try CustodyManifest.verify(manifestBytes: try edited.canonicalBytes(), signature: signature,
                                       trustedKey: key.publicKey)
        }
        #expect(throws: EvidenceError.signatureInvalid) {
            try CustodyManifest.verify(manifestBytes: bytes, signature: signature,
                                       trustedKey: Curve25519.Signing.PrivateKey().publicKey)
        }
        var forged = signature
        forged.signature = "not base64!"
        #expect(throws: EvidenceError.signatureInvalid) {
            try CustodyManifest.verify(manifestBytes: bytes, signature: forged, trustedKey: key.publicKey)
        }
        // Validly signed but not canonical bytes are refused: two byte forms must not mean one manifest.
        let pretty = try { () throws -> Data in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return try encoder.encode(manifest)
        }()
        let prettySignature = try key.signature(for: pretty)
        var prettySigned = signature
        prettySigned.signature = Data(prettySignature).base64EncodedString()
        #expect(throws: EvidenceError.self) {
            try CustodyManifest.verify(manifestBytes: pretty, signature: prettySigned, trustedKey: key.publicKey)
        }
    }

    @Test func changedOrMissingFilesAreReported() throws {
        let temp = try TemporaryDirectory()
        var manifest = try sample(temp.url)
        try Data("capture one, edited".utf8).write(to: temp.url.appendingPathComponent("a.warc.gz"))
        try FileManager.default.removeItem(at: temp.url.appendingPathComponent("media/b.jpg"))
        manifest.entries.append(.init(path: "../outside", sha256: "00", size: 0, collectedAt: Date(), collector: "x"))
        let problems = manifest.verifyFiles(in: temp.url)
        #expect(problems.count == 3)
        #expect(problems[0].hasPrefix("a.warc.gz: SHA-256 is"))
        #expect(problems[1].hasPrefix("media/b.jpg:"))
        #expect(problems[2] == "../outside: path leaves the evidence folder")
    }
}
