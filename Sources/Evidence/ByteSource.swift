import Foundation

/// Bytes of a WARC file as the record parser sees them, split into units: for `.warc.gz` a unit
/// is one gzip member, for a plain `.warc` the whole file is one unit. Units let the reader tell
/// where each record's member starts and ends, which is what a record's location is.
protocol ByteSource: AnyObject {
    /// Up to `maxLength` bytes of the current unit; empty once the unit is exhausted.
    func read(maxLength: Int) throws -> [UInt8]
    /// File offset where the current unit starts.
    var unitStart: UInt64 { get }
    /// File offset just past the current unit; meaningful once `read` has returned empty.
    var unitEnd: UInt64 { get }
    /// Moves to the next unit; false at the end of the file.
    func nextUnit() throws -> Bool
    var isCompressed: Bool { get }
}

/// A plain `.warc`, read from a start offset to the end of the file.
final class PlainFileSource: ByteSource {
    private let handle: FileHandle
    private var position: UInt64
    private let start: UInt64
    private var exhausted = false
    let isCompressed = false

    init(handle: FileHandle, offset: UInt64) throws {
        self.handle = handle
        self.position = offset
        self.start = offset
        try handle.seek(toOffset: offset)
    }

    var unitStart: UInt64 { start }
    var unitEnd: UInt64 { position }

    func read(maxLength: Int) throws -> [UInt8] {
        guard !exhausted else { return [] }
        let data = try handle.read(upToCount: maxLength) ?? Data()
        if data.isEmpty { exhausted = true }
        position += UInt64(data.count)
        return Array(data)
    }

    func nextUnit() throws -> Bool { false }
}
