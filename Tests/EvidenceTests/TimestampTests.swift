import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LoopbackHTTP
import SwiftASN1
import Testing
import X509

@testable import Evidence

/// RFC 3161 requests, parsing and verification, checked against a throwaway TSA that runs
/// `openssl ts -reply`, and against `openssl ts -verify` as the independent peer.
@Suite struct TimestampTests {
    static let data = Array("Capture of a fictional page: the Tulpar Weavers' Cooperative announces a felt fair.".utf8)
    static var digest: [UInt8] { Array(SHA256.hash(data: data)) }

    /// Posts a request to the test TSA the way a client would.
    static func stamp(_ tsa: TestTSA, digest: [UInt8] = digest, nonce: [UInt8] = RFC3161.makeNonce()) async throws
        -> [UInt8]
    {
        var request = URLRequest(url: URL(string: tsa.url)!)
        request.httpMethod = "POST"
        request.setValue("application/timestamp-query", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(RFC3161.request(sha256: digest, nonce: nonce))
        let (body, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        return Array(body)
    }

    @Test func requestIsWhatOpenSSLReads() throws {
        // setup
        let directory = try TemporaryDirectory()
        let nonce: [UInt8] = [0x00, 0x9a, 0x01, 0x02, 0x03]
        // MUT
        let request = RFC3161.request(sha256: Self.digest, nonce: nonce)
        // validate
        try Data(request).write(to: directory.file("q.tsq"))
        let text = try OpenSSLCommand.require(["ts", "-query", "-in", directory.file("q.tsq").path, "-text"]).output
        #expect(text.contains("Version: 1"))
        #expect(text.contains("Hash Algorithm: sha256"))
        #expect(text.contains("Nonce: 0x9A010203"))
        #expect(text.contains("Certificate required: yes"))
        let structure = try OpenSSLCommand.require(["asn1parse", "-inform", "DER", "-in", directory.file("q.tsq").path])
            .output
        #expect(structure.contains(Self.digest.map { String(format: "%02X", $0) }.joined()))
    }

    @Test(arguments: [TestPKI.KeyKind.rsa, .ec])
    func roundTripThroughOpenSSLTSA(key: TestPKI.KeyKind) async throws {
        // setup
        let pki = try TestPKI.make()
        let tsa = try await TestTSA.start(pki: pki, key: key)
        defer { Task { await tsa.stop() } }
        let nonce = RFC3161.makeNonce()
        let response = try await Self.stamp(tsa, nonce: nonce)
        // MUT
        let token = try TimestampToken.parse(response: response)
        let verdict = await TimestampVerifier.verify(response: response, sha256: Self.digest,
                                                     trustedRootsPEM: pki.rootPEM, nonce: nonce)
        // validate
        #expect(token.responseDER == response)
        #expect(token.imprint == Self.digest)
        #expect(token.nonce == nonce)
        #expect(token.policy == "1.2.3.4.1")
        #expect(abs(token.genTime.timeIntervalSinceNow) < 300)
        guard case .valid(let genTime, let signer) = verdict else {
            Issue.record("expected valid, got \(verdict)")
            return
        }
        #expect(genTime == token.genTime)
        #expect(signer.contains("Fictional Time-Stamping Unit"))
    }

    @Test func refusesOtherDataOtherRootsAndOtherNonce() async throws {
        // setup
        let pki = try TestPKI.make()
        let otherPKI = try TestPKI.make(name: "Another Fictional Root")
        let tsa = try await TestTSA.start(pki: pki)
        defer { Task { await tsa.stop() } }
        let response = try await Self.stamp(tsa, nonce: [1, 2, 3])
        var otherDigest = Self.digest
        otherDigest[31] ^= 0x01
        // MUT + validate
        #expect(await TimestampVerifier.verify(response: response, sha256: Self.digest, trustedRootsPEM: pki.rootPEM)
                    .isValid)
        #expect(!(await TimestampVerifier.verify(response: response, sha256: otherDigest,
                                                 trustedRootsPEM: pki.rootPEM)).isValid)
        #expect(!(await TimestampVerifier.verify(response: response, sha256: Self.digest,
                                                 trustedRootsPEM: otherPKI.rootPEM)).isValid)
        #expect(!(await TimestampVerifier.verify(response: response, sha256: Self.digest, trustedRootsPEM: pki.rootPEM,
                                                 nonce: [1, 2, 4])).isValid)
        #expect(!(await TimestampVerifier.verify(response: response, sha256: Self.digest, trustedRootsPEM: ""))
                    .isValid)
    }

    @Test func oneFlippedByteInSignatureTSTInfoOrAttributesFails() async throws {
        // setup
        let pki = try TestPKI.make()
        let tsa = try await TestTSA.start(pki: pki)
        defer { Task { await tsa.stop() } }
        let response = try await Self.stamp(tsa)
        let token = try TimestampToken.parse(response: response)
        let signer = try #require(token.signedData.signers.first)
        let places: [(String, [UInt8])] = [
            ("signature", signer.signature),
            ("TSTInfo", token.signedData.content),
            ("signed attributes", Array(try #require(signer.signedAttributesDER).dropFirst(2))),
        ]
        for (what, part) in places {
            let start = try #require(Self.offset(of: part, in: response), "\(what) not found")
            var damaged = response
            damaged[start + part.count / 2] ^= 0x01
            // MUT
            let verdict = await TimestampVerifier.verify(response: damaged, sha256: Self.digest,
                                                         trustedRootsPEM: pki.rootPEM)
            // validate
            #expect(!verdict.isValid, "flipped byte in \(what) accepted")
        }
    }

    @Test func anotherCertificateForTheSameKeyIsRefused() async throws {
        // setup: the token's certificate swapped for one with the same key, issuer and serial
        // (so the signature and the chain still hold) but other content.
        let pki = try TestPKI.make()
        let tsa = try await TestTSA.start(pki: pki, key: .rsa)
        defer { Task { await tsa.stop() } }
        let original = try Certificate(pemEncoded: String(contentsOf: tsa.certificateFile, encoding: .utf8))
        let originalDER = try original.serializeAsPEM().derBytes
        // The root's ECDSA signature varies in length; the swap in place needs an equal length.
        var reissuedDER: [UInt8] = []
        for _ in 0..<20 where reissuedDER.count != originalDER.count {
            reissuedDER = try Certificate(pemEncoded: pki.reissue(
                certificatePEM: String(contentsOf: tsa.certificateFile, encoding: .utf8), keyPath: tsa.keyPath)
            ).serializeAsPEM().derBytes
        }
        try #require(originalDER.count == reissuedDER.count && originalDER != reissuedDER)
        // Stamped after the reissue, so the swapped certificate is already valid at genTime.
        let response = try await Self.stamp(tsa)
        let start = try #require(Self.offset(of: originalDER, in: response))
        var swapped = response
        swapped.replaceSubrange(start..<(start + originalDER.count), with: reissuedDER)
        // MUT
        let verdict = await TimestampVerifier.verify(response: swapped, sha256: Self.digest, trustedRootsPEM: pki.rootPEM)
        // validate
        #expect(verdict == .invalid("the signing certificate is not the one the token's signed attributes name"))
        #expect(await TimestampVerifier.verify(response: response, sha256: Self.digest, trustedRootsPEM: pki.rootPEM)
                    .isValid)
    }

    @Test func openSSLAcceptsTheTokenForTheDataAndRefusesOtherData() async throws {
        // setup
        let directory = try TemporaryDirectory()
        let pki = try TestPKI.make()
        let tsa = try await TestTSA.start(pki: pki)
        defer { Task { await tsa.stop() } }
        try Data(Self.data).write(to: directory.file("capture.warc"))
        var changed = Self.data
        changed[5] ^= 0x20
        try Data(changed).write(to: directory.file("changed.warc"))
        // MUT
        let response = try await Self.stamp(tsa)
        // validate
        #expect(TestTSA.verifyWithOpenSSL(response: Data(response), data: directory.file("capture.warc"),
                                          caFile: pki.rootFile))
        #expect(TestTSA.verifyWithOpenSSL(response: Data(response), data: directory.file("capture.warc"),
                                          caFile: pki.rootFile, untrusted: tsa.certificateFile))
        #expect(!TestTSA.verifyWithOpenSSL(response: Data(response), data: directory.file("changed.warc"),
                                           caFile: pki.rootFile))
        #expect(tsa.requestCount == 1)
    }

    @Test func refusalCarriesStatusAndFailInfo() async throws {
        // setup
        let pki = try TestPKI.make()
        let tsa = try await TestTSA.start(pki: pki, behaviour: .rejecting)
        defer { Task { await tsa.stop() } }
        let response = try await Self.stamp(tsa)
        // MUT + validate
        #expect(throws: TimestampError.notGranted(status: 2, failInfo: ["badAlg"], text: nil)) {
            try TimestampToken.parse(response: response)
        }
        let verdict = await TimestampVerifier.verify(response: response, sha256: Self.digest,
                                                     trustedRootsPEM: pki.rootPEM)
        #expect(verdict == .invalid("time-stamp refused: status 2 (badAlg)"))
    }

    @Test func certificateWithoutCriticalTimeStampingUsageIsRefused() throws {
        // setup
        let pki = try TestPKI.make()
        let good = try Certificate(pemEncoded: pki.makeTSA(key: .ec).certPEM)
        let lax = try Certificate(pemEncoded: pki.makeTSA(key: .ec, criticalUsage: false).certPEM)
        let domainChain = try pki.makeDomainCertificate(commonName: "archive.example").chainPEM
        let domain = try Certificate(pemDocument: try #require(PEMDocument.parseMultiple(pemString: domainChain).first))
        // MUT + validate
        #expect(TimeStampingPolicy.problem(with: good) == nil)
        #expect(TimeStampingPolicy.problem(with: lax) != nil)
        #expect(TimeStampingPolicy.problem(with: domain) != nil)
    }

    @Test func damagedResponsesNeverCrashAndNeverVerify() async throws {
        // setup
        let pki = try TestPKI.make()
        let tsa = try await TestTSA.start(pki: pki, key: .ec)
        defer { Task { await tsa.stop() } }
        let response = try await Self.stamp(tsa)
        // MUT + validate: every truncation, and every byte flipped (parse only, for speed).
        for length in stride(from: 0, to: response.count, by: 7) {
            #expect(!(await TimestampVerifier.verify(response: Array(response.prefix(length)), sha256: Self.digest,
                                                     trustedRootsPEM: pki.rootPEM)).isValid)
        }
        for index in response.indices {
            var damaged = response
            damaged[index] ^= 0xff
            _ = try? TimestampToken.parse(response: damaged)
        }
        #expect(throws: TimestampError.tooLarge(RFC3161.maximumResponseBytes + 1)) {
            try TimestampToken.parse(response: [UInt8](repeating: 0x30, count: RFC3161.maximumResponseBytes + 1))
        }
        #expect(throws: TimestampError.self) { try TimestampToken.parse(response: [0x30, 0x84, 0xff, 0xff, 0xff, 0xff]) }
        // Thousands of nested SEQUENCEs: refused by depth, not by running out of stack.
        var nested: [UInt8] = []
        for _ in 0..<5000 {
            let length = nested.count
            let lengthBytes: [UInt8] = length < 0x80 ? [UInt8(length)]
                : length < 0x100 ? [0x81, UInt8(length)] : [0x82, UInt8(length >> 8), UInt8(length & 0xff)]
            nested = [0x30] + lengthBytes + nested
        }
        #expect(throws: TimestampError.self) { try TimestampToken.parse(response: nested) }
    }

    @Test func domainCertificateChainIsLeafFirstEndingWithRoot() throws {
        // setup
        let pki = try TestPKI.make()
        // MUT
        let (chainPEM, keyPEM) = try pki.makeDomainCertificate(commonName: "evidence.example")
        // validate
        let chain = try PEMDocument.parseMultiple(pemString: chainPEM).map { try Certificate(pemDocument: $0) }
        #expect(chain.count == 2)
        #expect(chain.first?.subject.description.contains("evidence.example") == true)
        #expect(try chain.last?.serializeAsPEM().pemString == (try Certificate(pemEncoded: pki.rootPEM)).serializeAsPEM().pemString)
        #expect(keyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(Certificate.PublicKey(try P256.Signing.PrivateKey(pemRepresentation: keyPEM).publicKey)
                    == chain[0].publicKey)
        let rootDER = try Certificate(pemEncoded: pki.rootPEM).serializeAsPEM().derBytes
        #expect(pki.rootFingerprint == SHA256.hash(data: rootDER).map { String(format: "%02x", $0) }.joined())
    }

    static func offset(of part: [UInt8], in bytes: [UInt8]) -> Int? {
        guard !part.isEmpty, part.count <= bytes.count else { return nil }
        for start in 0...(bytes.count - part.count) where bytes[start] == part[0] {
            if Array(bytes[start..<(start + part.count)]) == part { return start }
        }
        return nil
    }
}
