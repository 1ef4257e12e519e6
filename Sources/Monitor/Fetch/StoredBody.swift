/// A response body read back from a WARC `response` record, where it is stored as received (still
/// content-encoded). Undoes the encoding with the fetcher's own bounds, for a page viewed again.
public enum StoredBody {
    /// The decoded bytes, and whether decoding stopped early (size, ratio, corrupt or unknown coding).
    public static func decode(_ raw: [UInt8], contentEncoding: String?, maximumBytes: Int) -> (bytes: [UInt8], cut: Bool)
    {
        let output = ContentDecoder.decode(raw, contentEncoding: contentEncoding, maximumBytes: maximumBytes,
                                           maximumRatio: 1_000)
        return (output.bytes, output.limit != nil)
    }
}
