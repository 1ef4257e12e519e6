import Foundation
import Testing

@testable import Evidence

@Suite struct WARCReaderTests {
    @Test(arguments: [false, true])
    func readsHandWrittenFiles(gzip: Bool) throws {
        let temp = try TemporaryDirectory()
        let file = temp.file(gzip ? "hand.warc.gz" : "hand.warc")
        let records = [HandMadeRecord.warcinfo(), .response(body: Data("hello".utf8)), .response(body: Data())]
        try writeWARC(records, to: file, gzip: gzip)

        let read = try readAll(file)
        #expect(read.count == 3)
        #expect(read.map(\.block) == records.map(\.block))
        #expect(read.allSatisfy { $0.end.blockComplete && $0.end.terminatorPresent && !$0.end.sharesGzipMember })
        // Locations tile the file exactly, compressed or not.
        let size = UInt64(try Data(contentsOf: file).count)
        #expect(read.first?.end.location.offset == 0)
        #expect(read.last.map { $0.end.location.offset + $0.end.location.length } == size)
        if !gzip {
            #expect(read.map(\.end.location.length) == records.map { UInt64($0.bytes().count) })
        }
    }

    @Test func readsAtAnOffsetInAPlainFile() throws {
        let temp = try TemporaryDirectory()
        let file = temp.file("plain.warc")
        let records = [HandMadeRecord.warcinfo(), .response(body: Data("second".utf8))]
        try writeWARC(records, to: file, gzip: false)
        let offset = UInt64(records[0].bytes().count)
        let (header, block) = try WARCReader.readRecord(file: file, offset: offset, maxBlockBytes: 1000)
        #expect(header.typeName == "response")
        #expect(httpBody(block) == Data("second".utf8))
    }

    @Test func reportsRecordsSharingAGzipMember() throws {
        let temp = try TemporaryDirectory()
        let file = temp.file("shared.warc.gz")
        let joined = HandMadeRecord.warcinfo().bytes() + HandMadeRecord.response(body: Data("x".utf8)).bytes()
        try gzipMember(joined).write(to: file)
        let read = try readAll(file)
        #expect(read.count == 2)
        #expect(read.allSatisfy { $0.end.sharesGzipMember })
    }

    @Test func largeBlocksComeInBoundedChunks() throws {
        let temp = try TemporaryDirectory()
        let file = temp.file("large.warc.gz")
        let body = pseudoRandomBytes(5_000_000, seed: 3)
        try writeWARC([.warcinfo(), .response(body: body)], to: file, gzip: true)
        let reader = try WARCReader(url: file)
        _ = try reader.next()
        #expect(try reader.next()?.typeName == "response")
        var largest = 0
        var total = 0
        while let chunk = try reader.readBlock() {
            largest = max(largest, chunk.count)
            total += chunk.count
        }
        #expect(largest <= 64 << 10)
        #expect(total > 5_000_000)
        #expect(throws: EvidenceError.tooLarge(limit: 1000)) {
            let again = try WARCReader(url: file)
            _ = try again.next()
            _ = try again.next()
            _ = try again.readEntireBlock(limit: 1000)
        }
    }

    @Test func damagedFilesEndInTypedErrors() throws {
        let temp = try TemporaryDirectory()
        let good = try gzipMember(HandMadeRecord.response(body: Data("abc".utf8)).bytes())

        let truncated = temp.file("truncated.warc.gz")
        try good.prefix(good.count - 10).write(to: truncated)
        #expect(throws: EvidenceError.self) { _ = try readAll(truncated) }

        let trailing = temp.file("trailing.warc.gz")
        try (good + Data("garbage".utf8)).write(to: trailing)
        #expect(throws: EvidenceError.self) { _ = try readAll(trailing) }

        let notWARC = temp.file("page.warc")
        try Data("<html>not a warc</html>\n".utf8).write(to: notWARC)
        #expect(throws: EvidenceError.self) { _ = try readAll(notWARC) }

        let hugeHeader = temp.file("huge.warc")
        try Data(("WARC/1.1\r\nX: " + String(repeating: "a", count: 200_000) + "\r\n\r\n").utf8).write(to: hugeHeader)
        #expect(throws: EvidenceError.self) { _ = try readAll(hugeHeader) }

        var noLength = HandMadeRecord.response(body: Data("abc".utf8))
        noLength.contentLength = "twelve"
        let badLength = temp.file("badlength.warc")
        try writeWARC([noLength], to: badLength, gzip: false)
        #expect(throws: EvidenceError.self) { _ = try readAll(badLength) }

        let empty = temp.file("empty.warc.gz")
        try Data().write(to: empty)
        #expect(try readAll(empty).isEmpty)
    }

    @Test func foldedHeaderLinesAreJoined() throws {
        let temp = try TemporaryDirectory()
        let file = temp.file("folded.warc")
        let text = "WARC/1.1\r\nWARC-Type: metadata\r\nX-Long: first\r\n  second\r\nContent-Length: 0\r\n\r\n\r\n\r\n"
        try Data(text.utf8).write(to: file)
        let read = try readAll(file)
        #expect(read.first?.header.fields["x-long"] == "first second")
    }
}
