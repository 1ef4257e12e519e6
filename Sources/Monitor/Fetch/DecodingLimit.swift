/// Why the decoded (decompressed) body is shorter than the content. The raw body is unaffected.
public enum DecodingLimit: String, Sendable, Codable, Equatable {
    /// Output grew beyond `maximumCompressionRatio` times the input: a decompression bomb.
    case compressionRatio
    /// Output reached `maximumDecodedBytes`.
    case outputSize
    /// The compressed stream is corrupt or cut; what decoded before the fault is kept.
    case corruptStream
    /// A `Content-Encoding` this fetcher does not decode; the body is passed on as received.
    case unsupportedEncoding
}
