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

/// A bank compiled for matching: PDQ fingerprints in a multi-index hash, exact fingerprints in
/// dictionaries. Build once per bank version and share; it is immutable.
public struct MediaMatcher: Sendable {
    /// The reference's match threshold.
    public static let defaultMaxDistance = 31
    /// Hashes of lower quality are reported but never matched: flat images collide.
    public static let minimumQuality = 50

    public let bank: MediaBank
    public let maxDistance: Int
    let pdqEntries: [MediaFingerprint]
    let index: PDQIndex
    let exact: [String: [MediaFingerprint]]

    public init(bank: MediaBank, maxDistance: Int = MediaMatcher.defaultMaxDistance) {
        self.bank = bank
        self.maxDistance = maxDistance
        var pdqEntries: [MediaFingerprint] = []
        var hashes: [PDQHash] = []
        var exact: [String: [MediaFingerprint]] = [:]
        for entry in bank.entries {
            if let hash = entry.pdqHash {
                pdqEntries.append(entry)
                hashes.append(hash)
            } else {
                exact["\(entry.kind.rawValue):\(entry.value)", default: []].append(entry)
            }
        }
        self.pdqEntries = pdqEntries
        index = PDQIndex(hashes)
        self.exact = exact
    }

    /// Banked PDQ fingerprints within `maxDistance` of `hash`, nearest first.
    public func matches(pdq hash: PDQHash, quality: Int, transform: DihedralTransform = .original) -> [BankMatch] {
        guard quality >= Self.minimumQuality else { return [] }
        return index.search(hash, maxDistance: maxDistance).map {
            BankMatch(fingerprint: pdqEntries[$0.id], distance: $0.distance, quality: quality, transform: transform)
        }
    }

    /// The best match per banked fingerprint over all eight rotations and flips.
    public func matches(dihedral hashes: PDQDihedralHashes) -> [BankMatch] {
        guard hashes.quality >= Self.minimumQuality else { return [] }
        var best: [Int: BankMatch] = [:]
        for (transform, hash) in zip(DihedralTransform.allCases, hashes.all) {
            for hit in index.search(hash, maxDistance: maxDistance) {
                if let known = best[hit.id], known.distance <= hit.distance { continue }
                best[hit.id] = BankMatch(fingerprint: pdqEntries[hit.id], distance: hit.distance,
                                         quality: hashes.quality, transform: transform)
            }
        }
        return best.values.sorted { ($0.distance, $0.fingerprint.value) < ($1.distance, $1.fingerprint.value) }
    }

    /// Banked MD5 or SHA-256 fingerprints equal to the given digests.
    public func matches(md5: String?, sha256: String?) -> [BankMatch] {
        var keys: [String] = []
        if let md5 { keys.append("md5:\(md5.lowercased())") }
        if let sha256 { keys.append("sha256:\(sha256.lowercased())") }
        return keys.flatMap { key in
            (exact[key] ?? []).map { BankMatch(fingerprint: $0, distance: 0, quality: nil) }
        }
    }
}
