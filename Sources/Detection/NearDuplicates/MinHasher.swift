/// A MinHash signature: for each of `values.count` hash functions, the smallest hash of any shingle.
/// The share of equal positions between two signatures estimates the Jaccard similarity of their
/// shingle sets.
public struct MinHashSignature: Codable, Hashable, Sendable {
    public var values: [UInt32]
    /// Number of distinct shingles, used to turn Jaccard into containment.
    public var shingleCount: Int

    public init(values: [UInt32], shingleCount: Int) {
        self.values = values
        self.shingleCount = shingleCount
    }

    public var isEmpty: Bool { shingleCount == 0 }

    /// Estimated Jaccard similarity (0 when either is empty or the lengths differ).
    public func jaccard(_ other: MinHashSignature) -> Double {
        guard !isEmpty, !other.isEmpty, values.count == other.values.count, !values.isEmpty else { return 0 }
        var equal = 0
        for index in values.indices where values[index] == other.values[index] { equal += 1 }
        return Double(equal) / Double(values.count)
    }

    /// Estimated share of this signature's shingles that also occur in `other`, from Jaccard and the
    /// two set sizes: |A∩B| = J(|A|+|B|)/(1+J).
    public func containment(in other: MinHashSignature) -> Double {
        let j = jaccard(other)
        guard j > 0 else { return 0 }
        let intersection = j * Double(shingleCount + other.shingleCount) / (1 + j)
        return min(1, intersection / Double(shingleCount))
    }
}

/// Computes MinHash signatures over word shingles of the matching key (so a text re-typed in the
/// other script, with look-alikes or zero-width characters, keeps its signature).
///
/// Shingles are `shingleSize` consecutive words, each hashed with 64-bit FNV-1a and combined, then
/// folded to 32 bits; the i-th hash function is multiply-add-shift, `((a_i · x + b_i) mod 2⁶⁴) >> 32`
/// with 64-bit odd `a_i` and `b_i` drawn from `seed` (with a 32-bit `x` the product is two
/// 32×32-bit multiplies, which the compiler vectorises).
/// Signatures are only comparable between hashers with equal parameters.
public struct MinHasher: Sendable, Hashable {
    public let numPermutations: Int
    public let shingleSize: Int
    public let seed: UInt64
    private let multipliers: [UInt64]
    private let increments: [UInt64]

    public init(numPermutations: Int = 128, shingleSize: Int = 3, seed: UInt64 = 0x4B41_4947_5555_4C31) {
        self.numPermutations = max(1, min(numPermutations, 1024))
        self.shingleSize = max(1, min(shingleSize, 16))
        self.seed = seed
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        multipliers = (0..<self.numPermutations).map { _ in next() | 1 }
        increments = (0..<self.numPermutations).map { _ in next() }
    }

    /// Distinct shingle hashes of a key text, in order of first occurrence.
    public func shingles(of key: NormalizedText) -> [UInt64] {
        shingles(ofWordRanges: key.wordRanges(), in: key.bytes)
    }

    func shingles(ofWordRanges words: [Range<Int>], in bytes: [UInt8]) -> [UInt64] {
        guard !words.isEmpty else { return [] }
        let wordHashes: [UInt64] = bytes.withUnsafeBufferPointer { buffer in
            words.map { range in
                var hash: UInt64 = 0xcbf29ce484222325
                for index in range { hash = (hash ^ UInt64(buffer[index])) &* 0x100000001b3 }
                return hash
            }
        }
        return shingles(ofWordHashes: wordHashes[...])
    }

    func shingles(ofWordHashes words: ArraySlice<UInt64>) -> [UInt64] {
        guard !words.isEmpty else { return [] }
        let size = min(shingleSize, words.count)
        var seen = Set<UInt64>()
        var result: [UInt64] = []
        result.reserveCapacity(words.count)
        for start in words.startIndex...(words.endIndex - size) {
            var hash: UInt64 = 0x84222325cbf29ce4
            for index in start..<(start + size) {
                hash = (hash &* 0x9E3779B97F4A7C15) ^ words[index]
                hash ^= hash >> 31
            }
            if seen.insert(hash).inserted { result.append(hash) }
        }
        return result
    }

    /// The signature of a set of shingle hashes.
    public func signature(shingles: [UInt64]) -> MinHashSignature {
        var minimums = [UInt32](repeating: .max, count: numPermutations)
        guard !shingles.isEmpty else { return MinHashSignature(values: minimums, shingleCount: 0) }
        multipliers.withUnsafeBufferPointer { a in
            increments.withUnsafeBufferPointer { b in
                minimums.withUnsafeMutableBufferPointer { minimums in
                    for shingle in shingles {
                        let x = (shingle ^ (shingle >> 32)) & 0xFFFF_FFFF
                        for index in 0..<a.count {
                            let value = UInt32(truncatingIfNeeded: (a[index] &* x &+ b[index]) >> 32)
                            minimums[index] = Swift.min(minimums[index], value)
                        }
                    }
                }
            }
        }
        return MinHashSignature(values: minimums, shingleCount: shingles.count)
    }

    /// The signature of a text (normalised and keyed here).
    public func signature(of text: String, normalizer: TextNormalizer = TextNormalizer()) -> MinHashSignature {
        signature(shingles: shingles(of: normalizer.matchingKey(text)))
    }
}
