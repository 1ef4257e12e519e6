import Foundation

/// What the analysis of one captured image found.
public struct MediaAnalysis: Sendable {
    public let byteCount: Int
    public let md5: String
    public let sha256: String
    public let format: ImageFormat
    /// Nil when the bytes could not be decoded or the image is too small to hash.
    public let pdq: PDQResult?
    public let width: Int?
    public let height: Int?
    /// Exact-file matches first, then PDQ matches nearest first.
    public let matches: [BankMatch]
    /// Why there is no PDQ hash (decoding failed, too small); exact hashes were still checked.
    public let problem: MediaError?

    /// The hash exists but its quality is below 50, so it was not matched.
    public var isLowQuality: Bool { (pdq?.quality ?? 100) < MediaMatcher.minimumQuality }
}

/// The step the monitoring pipeline calls for every image a source yields: exact hashes,
/// decoding, PDQ over the eight rotations and flips, and matching against the bank.
/// Never throws: hostile input ends up as `problem`, and the exact hashes are still checked.
public struct MediaAnalyzer: Sendable {
    public let matcher: MediaMatcher
    public let decoder: ImageDecoder
    /// Also match rotated and flipped copies (a common way to dodge hash filters).
    public let matchesTransforms: Bool

    public init(matcher: MediaMatcher, decoder: ImageDecoder = ImageDecoder(), matchesTransforms: Bool = true) {
        self.matcher = matcher
        self.decoder = decoder
        self.matchesTransforms = matchesTransforms
    }

    public func analyze(data: Data) -> MediaAnalysis {
        let md5 = Digest.md5(data)
        let sha256 = Digest.sha256(data)
        // Every registered exact kind, so a new one is matched without touching this file.
        var digests: [FingerprintKind: String] = [.md5: md5, .sha256: sha256]
        for kind in FingerprintKind.allCases where kind.matching == .exactBytes && digests[kind] == nil {
            digests[kind] = kind.definition.digest(of: data)
        }
        var matches = matcher.matches(digests: digests)
        let format = ImageFormat.detect(data.prefix(16))
        do {
            let image = try decoder.decode(data)
            let pdq: PDQResult
            if matchesTransforms {
                let all = try PDQHasher.dihedralHashes(image)
                pdq = PDQResult(hash: all.original, quality: all.quality)
                // A known false positive by its picture silences its exact matches too.
                matches = matcher.isSuppressed(pdq: all.all) ? [] : matches + matcher.matches(dihedral: all)
            } else {
                pdq = try PDQHasher.hash(image)
                matches = matcher.isSuppressed(pdq: [pdq.hash]) ? [] : matches + matcher.matches(pdq: pdq.hash, quality: pdq.quality)
            }
            return MediaAnalysis(byteCount: data.count, md5: md5, sha256: sha256, format: format, pdq: pdq,
                                 width: image.width, height: image.height, matches: matches, problem: nil)
        } catch {
            return MediaAnalysis(byteCount: data.count, md5: md5, sha256: sha256, format: format, pdq: nil,
                                 width: nil, height: nil, matches: matches, problem: error)
        }
    }
}
