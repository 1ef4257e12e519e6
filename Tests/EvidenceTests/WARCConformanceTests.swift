import Foundation
import Testing

@testable import Evidence

@Suite struct WARCConformanceTests {
    /// Checks a one-problem file, plain and gzipped, and returns the error messages.
    private func errors(_ records: [HandMadeRecord], gzip: Bool = false, options: WARCConformance.Options = .init())
        throws -> [String]
    {
        let temp = try TemporaryDirectory()
        let file = temp.file(gzip ? "t.warc.gz" : "t.warc")
        try writeWARC(records, to: file, gzip: gzip)
        return WARCConformance.check(file: file, options: options).filter { $0.severity == .error }.map(\.message)
    }

    @Test(arguments: [false, true])
    func aCorrectFilePasses(gzip: Bool) throws {
        let found = try errors([.warcinfo(), .response(body: Data("fine".utf8))], gzip: gzip, options: .kaiguul)
        #expect(found.isEmpty)
    }

    @Test func wrongBlockDigestIsCaught() throws {
        var record = HandMadeRecord.response(body: Data("body".utf8))
        record.fields = record.fields.map {
            $0.0 == "WARC-Block-Digest" ? ($0.0, "sha256:\(sha256Hex(Data("other".utf8)))") : $0
        }
        #expect(try errors([.warcinfo(), record]) == ["WARC-Block-Digest does not match the block"])
    }

    @Test func wrongPayloadDigestIsCaught() throws {
        let record = HandMadeRecord.response(body: Data("body".utf8), payloadDigestOver: Data("bod".utf8))
        #expect(try errors([.warcinfo(), record], gzip: true) == ["WARC-Payload-Digest does not match the payload"])
    }

    @Test(arguments: ["WARC-Record-ID", "WARC-Date", "WARC-Type"])
    func missingMandatoryFieldIsCaught(field: String) throws {
        var record = HandMadeRecord.response(body: Data("body".utf8))
        record.remove(field)
        #expect(try errors([.warcinfo(), record]).contains("missing \(field)"))
    }

    @Test func missingContentLengthIsCaughtInAGzipMember() throws {
        let temp = try TemporaryDirectory()
        let file = temp.file("nolength.warc.gz")
        let text = "WARC/1.1\r\nWARC-Type: metadata\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
            + "WARC-Date: 2024-06-01T12:00:00Z\r\n"
            + "Content-Type: text/plain\r\n\r\nabc\r\n\r\n"
        try (try gzipMember(HandMadeRecord.warcinfo().bytes()) + gzipMember(Data(text.utf8))).write(to: file)
        let found = WARCConformance.check(file: file).filter { $0.severity == .error }.map(\.message)
        #expect(found == ["missing Content-Length"])
    }

    @Test(arguments: [false, true])
    func contentLengthTooLongIsCaught(gzip: Bool) throws {
        var record = HandMadeRecord.response(body: Data("body".utf8))
        record.contentLength = String(record.block.count + 3)
        let found = try errors([.warcinfo(), record], gzip: gzip)
        #expect(!found.isEmpty)
        #expect(found.contains { $0.contains("Content-Length") })
    }

    @Test(arguments: [false, true])
    func contentLengthTooShortIsCaught(gzip: Bool) throws {
        var record = HandMadeRecord.response(body: Data("body".utf8))
        record.contentLength = String(record.block.count - 2)
        let found = try errors([.warcinfo(), record], gzip: gzip)
        #expect(found.contains { $0.contains("Content-Length does not match") })
    }

    @Test func chunkedPayloadIsDigestedWithTransferEncodingRemoved() throws {
        let chunked = Data("5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n".utf8)
        let headers = "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
        // The standard's digest: over the de-chunked entity body.
        var right = HandMadeRecord.response(
            body: chunked, headers: headers, payloadDigestOver: Data("hello world".utf8))
        #expect(try errors([.warcinfo(), right]).isEmpty)
        // A digest over the raw chunks (what some tools write) is reported, as a warning.
        right = HandMadeRecord.response(body: chunked, headers: headers, payloadDigestOver: chunked)
        let temp = try TemporaryDirectory()
        try writeWARC([.warcinfo(), right], to: temp.file("raw.warc"), gzip: false)
        let problems = WARCConformance.check(file: temp.file("raw.warc"))
        #expect(problems.map(\.severity) == [.warning])
        // Malformed chunking with a digest that matches nothing is an error naming the cause.
        let broken = HandMadeRecord.response(
            body: Data("zz\r\nhello".utf8), headers: headers, payloadDigestOver: Data("hello".utf8))
        #expect(try errors([.warcinfo(), broken]).first?.contains("chunked body is malformed") == true)
    }

    @Test func digestsInOtherEncodingsAreVerified() throws {
        // The well-known SHA-1 of nothing, in base32, as Heritrix and wget write it.
        var record = HandMadeRecord("resource", contentType: "text/plain", block: Data(), extra: [
            ("WARC-Payload-Digest", "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"),
            ("WARC-Block-Digest", "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ])
        #expect(try errors([.warcinfo(), record]).isEmpty)
        record.fields[record.fields.count - 1] = ("WARC-Block-Digest", "sha1:AAAAH3S6NNFQ2MSVX7XZKYAYSCX5QBYJ")
        #expect(try errors([.warcinfo(), record]) == ["WARC-Block-Digest does not match the block"])
    }

    @Test func fieldsOnTheWrongRecordTypeAreCaught() throws {
        var info = HandMadeRecord.warcinfo()
        info.fields.append(("WARC-Target-URI", "http://site.example/"))
        info.fields.append(("WARC-Payload-Digest", "sha256:\(sha256Hex(info.block))"))
        var response = HandMadeRecord.response(body: Data("x".utf8))
        response.remove("WARC-Target-URI")
        response.fields.append(("WARC-Date", "2024-06-01T12:00:01Z"))
        var metadata = HandMadeRecord("metadata", date: "yesterday", contentType: "text/plain", block: Data("m".utf8))
        metadata.fields.append(("WARC-Filename", "x.warc"))
        let found = Set(try errors([info, response, metadata]))
        #expect(found == [
            "WARC-Target-URI shall not be used on warcinfo records",
            "WARC-Payload-Digest shall not be used on warcinfo records",
            "response record without WARC-Target-URI",
            "field warc-date appears 2 times",
            "WARC-Date is not a W3C ISO 8601 UTC date: yesterday",
            "WARC-Filename shall be used on warcinfo records only",
        ])
    }

    @Test func repeatedRecordIDsAreCaught() throws {
        let id = "<urn:uuid:00000000-0000-0000-0000-000000000001>"
        let temp = try TemporaryDirectory()
        let file = temp.file("dup.warc")
        try writeWARC([
            HandMadeRecord("metadata", id: id, contentType: "text/plain", block: Data("a".utf8)),
            HandMadeRecord("metadata", id: id, contentType: "text/plain", block: Data("b".utf8)),
        ], to: file, gzip: false)
        let problems = WARCConformance.check(file: file)
        #expect(problems.contains { $0.severity == .error && $0.message.contains("repeats") })
        #expect(problems.contains { $0.severity == .warning && $0.message.contains("warcinfo") })
    }

    @Test func kaiguulRulesRequireDigests() throws {
        var record = HandMadeRecord.response(body: Data("x".utf8))
        record.remove("WARC-Payload-Digest")
        record.remove("WARC-Block-Digest")
        #expect(try errors([.warcinfo(), record]).isEmpty)
        #expect(try errors([.warcinfo(), record], options: .kaiguul) == [
            "missing WARC-Block-Digest", "missing WARC-Payload-Digest",
        ])
    }

    @Test func unreadableFilesAreReportedNotThrown() throws {
        let temp = try TemporaryDirectory()
        try Data([0x1f, 0x8b, 0x08, 0x00, 0x01]).write(to: temp.file("broken.warc.gz"))
        let problems = WARCConformance.check(file: temp.file("broken.warc.gz"))
        #expect(problems.count == 1)
        #expect(problems.first?.severity == .error)
        #expect(WARCConformance.check(file: temp.file("absent.warc")).count == 1)
    }
}
