import Foundation

/// The stored fingerprint of one banned material: MinHash signatures of overlapping word windows
/// ("chunks"), so a post that quotes one part of a long text still finds it. App stores this
/// (JSON) in `material_fingerprints` and rebuilds the index from it at start-up.
public struct MaterialFingerprint: Codable, Hashable, Sendable {
    public static let currentVersion = 1

    public var version: Int
    public var materialID: String
    public var title: String?
    public var numPermutations: Int
    public var shingleSize: Int
    public var seed: UInt64
    public var chunkWords: Int
    public var chunks: [MinHashSignature]
}

/// A banned material that a text may reproduce.
public struct NearDuplicateCandidate: Codable, Hashable, Sendable {
    public let materialID: String
    public let title: String?
    /// Estimated Jaccard similarity of the best-matching window pair.
    public let jaccard: Double
    /// Estimated share of the queried text's shingles found in that window of the material.
    public let containment: Double
    /// Which window of the material matched best.
    public let chunk: Int
}

/// MinHash signatures of banned materials in an LSH banding index.
///
/// Texts are cut into windows of `chunkWords` words, each window starting half a window after the
/// previous one (0 = one signature for the whole text). Both materials and queried posts are cut the
/// same way; a candidate is any material window that shares at least one band with a post window,
/// then ranked by the estimated similarity.
///
/// The banding (b bands of r rows) is chosen, like datasketch's `MinHashLSH`, to minimise the
/// weighted area of false positives below `threshold` and false negatives above it.
public struct NearDuplicateIndex: Sendable {
    public struct Options: Sendable, Hashable {
        public var threshold: Double
        public var numPermutations: Int
        public var shingleSize: Int
        public var chunkWords: Int
        public var falsePositiveWeight: Double
        public var falseNegativeWeight: Double
        /// Candidates whose estimated Jaccard and containment are both below this are dropped.
        public var minimumReportedOverlap: Double
        /// Seed of the hash functions; fingerprints are only comparable with the same seed.
        public var seed: UInt64

        public init(threshold: Double = 0.5, numPermutations: Int = 128, shingleSize: Int = 3, chunkWords: Int = 50,
                    falsePositiveWeight: Double = 0.5, falseNegativeWeight: Double = 0.5,
                    minimumReportedOverlap: Double = 0.3, seed: UInt64 = 0x4B41_4947_5555_4C31) {
            self.seed = seed
            self.threshold = min(max(threshold, 0.01), 0.99)
            self.numPermutations = numPermutations
            self.shingleSize = shingleSize
            self.chunkWords = max(0, chunkWords)
            self.falsePositiveWeight = falsePositiveWeight
            self.falseNegativeWeight = falseNegativeWeight
            self.minimumReportedOverlap = minimumReportedOverlap
        }
    }

    public let options: Options
    public let hasher: MinHasher
    public let bands: Int
    public let rows: Int
    let normalizer: TextNormalizer

    private var materials: [(id: String, title: String?)] = []
    private var materialIndex: [String: Int] = [:]
    /// (material, chunk) for each stored signature.
    private var entries: [(material: Int32, chunk: Int32)] = []
    private var signatures: [MinHashSignature] = []
    /// One table per band: band hash → entry indices.
    private var tables: [[UInt64: [Int32]]]

    public init(options: Options = Options(), normalizer: TextNormalizer = TextNormalizer()) {
        self.options = options
        self.hasher = MinHasher(numPermutations: options.numPermutations, shingleSize: options.shingleSize,
                                seed: options.seed)
        let (bands, rows) = Self.optimalBanding(
            threshold: options.threshold, numPermutations: hasher.numPermutations,
            falsePositiveWeight: options.falsePositiveWeight, falseNegativeWeight: options.falseNegativeWeight)
        self.bands = bands
        self.rows = rows
        self.normalizer = normalizer
        self.tables = Array(repeating: [:], count: bands)
    }

    public var materialCount: Int { materials.count }

    // MARK: - Fingerprints

    /// Signatures of the windows of `text`.
    public func chunkSignatures(of text: String) -> [MinHashSignature] {
        chunkSignatures(key: normalizer.matchingKey(text))
    }

    public func chunkSignatures(key: NormalizedText) -> [MinHashSignature] {
        let words = key.wordRanges()
        let wordHashes: [UInt64] = key.bytes.withUnsafeBufferPointer { buffer in
            words.map { range in
                var hash: UInt64 = 0xcbf29ce484222325
                for index in range { hash = (hash ^ UInt64(buffer[index])) &* 0x100000001b3 }
                return hash
            }
        }
        return chunkSignatures(wordHashes: wordHashes)
    }

    /// Signatures of words that are already matching-key words (e.g. from `NormalizedText.words()`
    /// of a key), skipping normalisation.
    public func chunkSignatures(words: [some StringProtocol]) -> [MinHashSignature] {
        chunkSignatures(wordHashes: words.map { word in
            var copy = String(word)
            return copy.withUTF8 { bytes in
                var hash: UInt64 = 0xcbf29ce484222325
                for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
                return hash
            }
        })
    }

    func chunkSignatures(wordHashes: [UInt64]) -> [MinHashSignature] {
        guard !wordHashes.isEmpty else { return [] }
        let window = options.chunkWords
        if window == 0 || wordHashes.count <= window {
            return [hasher.signature(shingles: hasher.shingles(ofWordHashes: wordHashes[...]))]
        }
        let stride = max(1, window / 2)
        var result: [MinHashSignature] = []
        var start = 0
        while true {
            let end = min(start + window, wordHashes.count)
            result.append(hasher.signature(shingles: hasher.shingles(ofWordHashes: wordHashes[start..<end])))
            if end == wordHashes.count { break }
            start += stride
        }
        return result
    }

    public func fingerprint(materialID: String, title: String? = nil, text: String) -> MaterialFingerprint {
        fingerprint(materialID: materialID, title: title, chunks: chunkSignatures(of: text))
    }

    public func fingerprint(materialID: String, title: String? = nil, chunks: [MinHashSignature])
        -> MaterialFingerprint
    {
        MaterialFingerprint(
            version: MaterialFingerprint.currentVersion, materialID: materialID, title: title,
            numPermutations: hasher.numPermutations, shingleSize: hasher.shingleSize, seed: hasher.seed,
            chunkWords: options.chunkWords, chunks: chunks)
    }

    public enum IndexError: Error, Equatable, Sendable {
        case incompatibleFingerprint(String)
    }

    /// Fingerprints and adds a material; returns the fingerprint to store.
    @discardableResult
    public mutating func add(materialID: String, title: String? = nil, text: String) -> MaterialFingerprint {
        let fingerprint = fingerprint(materialID: materialID, title: title, text: text)
        // Parameters match by construction.
        try? add(fingerprint)
        return fingerprint
    }

    /// Adds a stored fingerprint; it must have been made with this index's parameters.
    public mutating func add(_ fingerprint: MaterialFingerprint) throws {
        guard fingerprint.version == MaterialFingerprint.currentVersion,
              fingerprint.numPermutations == hasher.numPermutations, fingerprint.shingleSize == hasher.shingleSize,
              fingerprint.seed == hasher.seed, fingerprint.chunkWords == options.chunkWords,
              fingerprint.chunks.allSatisfy({ $0.values.count == hasher.numPermutations })
        else { throw IndexError.incompatibleFingerprint(fingerprint.materialID) }
        let material: Int
        if let existing = materialIndex[fingerprint.materialID] {
            material = existing
        } else {
            material = materials.count
            materials.append((fingerprint.materialID, fingerprint.title))
            materialIndex[fingerprint.materialID] = material
        }
        for (chunk, signature) in fingerprint.chunks.enumerated() where !signature.isEmpty {
            let entry = Int32(entries.count)
            entries.append((Int32(material), Int32(chunk)))
            signatures.append(signature)
            for band in 0..<bands { tables[band][bandHash(signature, band), default: []].append(entry) }
        }
    }

    @inline(__always)
    private func bandHash(_ signature: MinHashSignature, _ band: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325 ^ UInt64(band)
        let start = band * rows
        for index in start..<(start + rows) {
            hash = (hash ^ UInt64(signature.values[index])) &* 0x100000001b3
        }
        return hash
    }

    // MARK: - Query

    public func query(_ text: String, limit: Int = 10) -> [NearDuplicateCandidate] {
        query(key: normalizer.matchingKey(text), limit: limit)
    }

    /// Materials whose windows share a band with a window of the text, best first.
    public func query(key: NormalizedText, limit: Int = 10) -> [NearDuplicateCandidate] {
        query(signatures: chunkSignatures(key: key), limit: limit)
    }

    public func query(signatures: [MinHashSignature], limit: Int = 10, filter: Bool = true)
        -> [NearDuplicateCandidate]
    {
        var best: [Int: NearDuplicateCandidate] = [:]
        for signature in signatures where !signature.isEmpty && signature.values.count == hasher.numPermutations {
            var candidates = Set<Int32>()
            for band in 0..<bands {
                if let hits = tables[band][bandHash(signature, band)] { candidates.formUnion(hits) }
            }
            for entry in candidates {
                let stored = self.signatures[Int(entry)]
                let jaccard = signature.jaccard(stored)
                let containment = signature.containment(in: stored)
                if filter, max(jaccard, containment) < options.minimumReportedOverlap { continue }
                let (material, chunk) = entries[Int(entry)]
                let candidate = NearDuplicateCandidate(
                    materialID: materials[Int(material)].id, title: materials[Int(material)].title,
                    jaccard: jaccard, containment: containment, chunk: Int(chunk))
                if let existing = best[Int(material)],
                   (existing.containment, existing.jaccard) >= (containment, jaccard) { continue }
                best[Int(material)] = candidate
            }
        }
        return best.values.sorted {
            ($0.containment, $0.jaccard, $1.materialID) > ($1.containment, $1.jaccard, $0.materialID)
        }.prefix(max(0, limit)).map { $0 }
    }

    // MARK: - Banding

    /// (bands, rows) with bands × rows ≤ numPermutations minimising the weighted error areas.
    public static func optimalBanding(threshold: Double, numPermutations: Int, falsePositiveWeight: Double = 0.5,
                                      falseNegativeWeight: Double = 0.5) -> (bands: Int, rows: Int) {
        func integrate(_ f: (Double) -> Double, _ a: Double, _ b: Double) -> Double {
            let steps = 200
            let width = (b - a) / Double(steps)
            var total = 0.0
            for step in 0..<steps { total += f(a + (Double(step) + 0.5) * width) }
            return total * width
        }
        var best = (bands: 1, rows: numPermutations, error: Double.infinity)
        for bands in 1...numPermutations {
            for rows in 1...(numPermutations / bands) {
                let b = Double(bands)
                let r = Double(rows)
                let falsePositive = integrate({ 1 - pow(1 - pow($0, r), b) }, 0, threshold)
                let falseNegative = integrate({ 1 - (1 - pow(1 - pow($0, r), b)) }, threshold, 1)
                let error = falsePositiveWeight * falsePositive + falseNegativeWeight * falseNegative
                if error < best.error { best = (bands, rows, error) }
            }
        }
        return (best.bands, best.rows)
    }
}
