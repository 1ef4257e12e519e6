import Evidence
import Foundation

/// How much of a WARC file a backup copies while a worker may still be appending to it.
///
/// WARC files are append-only and written record by record (one gzip member each), and a capture's row
/// is committed only after its records are written. So once the database snapshot is taken, every
/// record it names lies before `knownEnd`, the furthest end of a record the database names in this
/// file; after it may follow complete records written since (kept: harmless, as after a killed worker)
/// and, at the very end, a member still being written (cut: a copy ending inside a member would fail
/// every WARC validator). Only the tail after `knownEnd` is decompressed, so a large closed file costs
/// one read, not a parse.
enum WARCCompleteLength {
    /// The length of `url`'s longest prefix of complete records, at most `size` bytes, scanning from
    /// `knownEnd` (a record boundary; 0 when the database names nothing in the file).
    static func of(_ url: URL, knownEnd: UInt64, size: UInt64) -> UInt64 {
        guard knownEnd < size else { return min(knownEnd, size) }
        var good = knownEnd
        guard let reader = try? WARCReader(url: url, offset: knownEnd) else { return good }
        while true {
            do {
                guard try reader.next() != nil else { break }
                let end = try reader.finishRecord()
                guard end.blockComplete, end.terminatorPresent, !end.sharesGzipMember else { break }
                let recordEnd = end.location.offset + end.location.length
                guard recordEnd > good, recordEnd <= size else { break }
                good = recordEnd
            } catch {
                break
            }
        }
        return good
    }
}
