import Evidence
import Foundation

/// The WARC reader on a plain `.warc` (`warc`) and on a `.warc.gz` cut into gzip members at a size
/// taken from the first byte (`warc-gzip`: the member reader and records that span or share members).
/// Raw bytes starting with the gzip magic are used as they are, so mutated seeds reach the inflater.
enum WARCReaderTarget {
    static let plain = FuzzTarget(name: "warc") { bytes in
        read(FuzzSupport.file("fuzz.warc", bytes))
    }

    static let gzip = FuzzTarget(name: "warc-gzip") { bytes in
        let file: [UInt8]
        if bytes.count >= 2, bytes[0] == 0x1f, bytes[1] == 0x8b {
            file = bytes
        } else if let first = bytes.first {
            file = FuzzSupport.gzipMembers(Array(bytes.dropFirst()), memberSize: Int(first) * 4 + 1)
        } else {
            file = []
        }
        read(FuzzSupport.file("fuzz.warc.gz", file))
    }

    static func read(_ url: URL) {
        var locations: [(WARCRecordHeader, WARCRecordEnd)] = []
        if let reader = try? WARCReader(url: url, limits: .init(maxHeaderBytes: 64 << 10, maxLineBytes: 8 << 10,
                                                                   maxFields: 200)) {
            do {
                var records = 0
                while records < 200, let header = try reader.next() {
                    records += 1
                    let block = try reader.readEntireBlock(limit: 1 << 20)
                    let end = try reader.finishRecord()
                    invariant(UInt64(block.count) == end.blockBytesRead, "block bytes and the count read differ")
                    if let length = header.contentLength, end.blockComplete {
                        invariant(UInt64(block.count) == length, "a complete block is not Content-Length long")
                    }
                    locations.append((header, end))
                }
            } catch {
                // Refused: the reader said why; nothing else to check.
            }
        }
        // A record found by a scan is found again by its location (what captures store and serve).
        for (header, end) in locations.prefix(20) where !end.sharesGzipMember {
            let again = try? WARCReader.readRecord(file: url, offset: end.location.offset, maxBlockBytes: 1 << 20)
            invariant(again?.header == header, "record at offset \(end.location.offset) reads differently")
        }
        _ = WARCConformance.check(file: url)
    }
}
