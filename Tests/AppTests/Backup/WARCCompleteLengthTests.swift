import Evidence
import Foundation
import Testing

@testable import App

/// A WARC file copied while a worker appends to it ends at its last complete record.
@Suite("WARC complete length") struct WARCCompleteLengthTests {
    @Test func aRecordStillBeingWrittenIsLeftOut() async throws {
        // setup: two captures, then half of a third record's bytes appended, as a writer mid-record.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-warc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(configuration: WARCWriterConfiguration(directory: dir, software: "Kaiguul/test",
                                                                           collector: "test"))
        var ends: [UInt64] = []
        var resources: [WARCRecordLocation] = []
        for n in 1...3 {
            let records = try await writer.write(ResourceCapture(
                targetURI: "https://invented-site.example/\(n)", date: Date(), contentType: "text/plain",
                body: .data(Data(String(repeating: "invented text \(n) ", count: 200).utf8)), source: "test"))
            ends.append(records.metadata.location.offset + records.metadata.location.length)
            resources.append(records.resource.location)
        }
        _ = try await writer.close()
        let name = try #require(await writer.fileNames.first)
        let file = dir.appendingPathComponent(name)
        let whole = try Data(contentsOf: file)
        #expect(UInt64(whole.count) == ends[2])
        // Inside the third resource record: its metadata record never started.
        #expect(resources[2].offset == ends[1])
        let cut = resources[2].offset + resources[2].length / 2
        try whole.prefix(Int(cut)).write(to: file)
        // MUT and validate: from the start, and from the end of a record the database names.
        #expect(WARCCompleteLength.of(file, knownEnd: 0, size: cut) == ends[1])
        #expect(WARCCompleteLength.of(file, knownEnd: ends[0], size: cut) == ends[1])
        // The whole file when nothing is cut; never past the size read.
        try whole.write(to: file)
        #expect(WARCCompleteLength.of(file, knownEnd: ends[0], size: UInt64(whole.count)) == ends[2])
        #expect(WARCCompleteLength.of(file, knownEnd: 0, size: ends[1]) == ends[1])
        // Cut inside the last metadata record: the resource before it is complete and kept.
        let end3 = resources[2].offset + resources[2].length
        try whole.prefix(Int(ends[2] - 3)).write(to: file)
        #expect(WARCCompleteLength.of(file, knownEnd: ends[0], size: ends[2] - 3) == end3)
    }
}
