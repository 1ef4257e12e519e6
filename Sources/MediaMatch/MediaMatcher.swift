/// A found match: the banked fingerprint, how far the analysed media is from it, and the PDQ
/// quality of the analysed image (nil for exact-file matches).
public struct BankMatch: Sendable, Hashable {
    public let fingerprint: MediaFingerprint
    /// Hamming distance for PDQ; 0 for MD5 and SHA-256.
    public let distance: Int
    public let quality: Int?
    /// Which rotation or flip of the analysed image matched (`.original` for none).
    public let transform: DihedralTransform

    public init(fingerprint: MediaFingerprint, distance: Int, quality: Int?, transform: DihedralTransform = .original) {
        self.fingerprint = fingerprint
        self.distance = distance
        self.quality = quality
        self.transform = transform
    }
}

public enum DihedralTransform: String, Sendable, Hashable, Codable, CaseIterable {
    case original, rotate90, rotate180, rotate270, flipX, flipY, flipPlus1, flipMinus1
}

/// A bank compiled for matching: perceptual fingerprints in a multi-index hash, exact ones in a
/// dictionary. Each entry may carry its own bank's PDQ distance. A negative bank (known false
/// positives) suppresses: media that matches one of its entries matches nothing. Build once per
/// bank version and share; it is immutable.
public struct MediaMatcher: Sendable {
    /// The reference's match threshold.
    public static let defaultMaxDistance = 31
    /// Hashes of lower quality are reported but never matched: flat images collide.
    public static let minimumQuality = 50

    public let bank: MediaBank
    /// The distance for entries that carry none of their own.
    public let maxDistance: Int
    let pdqEntries: [MediaFingerprint]
    let index: PDQIndex
    /// The widest distance any entry allows: the index is searched once with it.
    let searchDistance: Int
    let exact: [String: [MediaFingerprint]]
    /// Zero or one matcher over the negative bank (an array: a struct cannot hold itself).
    let negatives: [MediaMatcher]

    public init(bank: MediaBank, maxDistance: Int = MediaMatcher.defaultMaxDistance, negative: MediaBank = MediaBank()) {
        self.bank = bank
        self.maxDistance = maxDistance
        var pdqEntries: [MediaFingerprint] = []
        var hashes: [PDQHash] = []
        var exact: [String: [MediaFingerprint]] = [:]
        var widest = maxDistance
        for entry in bank.entries {
            if let hash = entry.pdqHash {
                pdqEntries.append(entry)
                hashes.append(hash)
                widest = max(widest, entry.maxDistance ?? maxDistance)
            } else {
                exact["\(entry.kind.rawValue):\(entry.value)", default: []].append(entry)
            }
        }
        self.pdqEntries = pdqEntries
        index = PDQIndex(hashes)
        searchDistance = min(widest, 256)
        self.exact = exact
        negatives = negative.entries.isEmpty ? [] : [MediaMatcher(bank: negative, maxDistance: maxDistance)]
    }

    public var isEmpty: Bool { bank.entries.isEmpty }

    /// Perceptual hits for one hash: within each entry's own distance, video-frame kinds only for frames.
    func hits(_ hash: PDQHash, frames: Bool) -> [PDQIndexMatch] {
        index.search(hash, maxDistance: searchDistance).filter { hit in
            let entry = pdqEntries[hit.id]
            guard frames || entry.kind.matching == .imagePDQ else { return false }
            return hit.distance <= (entry.maxDistance ?? maxDistance)
        }
    }

    /// Whether the negative bank claims this media: then nothing it matches is reported.
    public func isSuppressed(pdq hashes: [PDQHash] = [], digests: [FingerprintKind: String] = [:], frames: Bool = false) -> Bool {
        guard let negative = negatives.first else { return false }
        if !negative.exactHits(digests).isEmpty { return true }
        return hashes.contains { !negative.hits($0, frames: frames).isEmpty }
    }

    /// Banked perceptual fingerprints within distance of `hash`, nearest first. `frames`: the hash is
    /// a video's frame, so video-frame entries count too.
    public func matches(pdq hash: PDQHash, quality: Int, transform: DihedralTransform = .original,
                        frames: Bool = false) -> [BankMatch] {
        guard quality >= Self.minimumQuality, !isSuppressed(pdq: [hash], frames: frames) else { return [] }
        return hits(hash, frames: frames).map {
            BankMatch(fingerprint: pdqEntries[$0.id], distance: $0.distance, quality: quality, transform: transform)
        }
    }

    /// The best match per banked fingerprint over all eight rotations and flips.
    public func matches(dihedral hashes: PDQDihedralHashes) -> [BankMatch] {
        guard hashes.quality >= Self.minimumQuality, !isSuppressed(pdq: hashes.all) else { return [] }
        var best: [Int: BankMatch] = [:]
        for (transform, hash) in zip(DihedralTransform.allCases, hashes.all) {
            for hit in hits(hash, frames: false) {
                if let known = best[hit.id], known.distance <= hit.distance { continue }
                best[hit.id] = BankMatch(fingerprint: pdqEntries[hit.id], distance: hit.distance,
                                         quality: hashes.quality, transform: transform)
            }
        }
        return best.values.sorted { ($0.distance, $0.fingerprint.value) < ($1.distance, $1.fingerprint.value) }
    }

    func exactHits(_ digests: [FingerprintKind: String]) -> [MediaFingerprint] {
        digests.sorted { $0.key.rawValue < $1.key.rawValue }.flatMap { kind, value in
            exact["\(kind.rawValue):\(value.lowercased())"] ?? []
        }
    }

    /// Banked exact fingerprints equal to the file's digests, one per exact kind.
    public func matches(digests: [FingerprintKind: String]) -> [BankMatch] {
        guard !isSuppressed(digests: digests) else { return [] }
        return exactHits(digests).map { BankMatch(fingerprint: $0, distance: 0, quality: nil) }
    }

    /// Banked MD5 or SHA-256 fingerprints equal to the given digests.
    public func matches(md5: String?, sha256: String?) -> [BankMatch] {
        var digests: [FingerprintKind: String] = [:]
        if let md5 { digests[.md5] = md5 }
        if let sha256 { digests[.sha256] = sha256 }
        return matches(digests: digests)
    }
}
