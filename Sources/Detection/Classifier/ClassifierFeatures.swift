/// Hashed features of a text for the linear classifier: character n-grams (within words padded
/// with spaces, so prefixes and suffixes are features of their own) and word n-grams, each
/// `log(1 + count)`, the vector scaled to unit length.
public struct ClassifierFeatureOptions: Codable, Hashable, Sendable {
    public var bucketBits: Int
    public var charMinOrder: Int
    public var charMaxOrder: Int
    public var wordMaxOrder: Int
    /// Longer texts are cut (after normalisation) to bound time on hostile input.
    public var maxBytes: Int

    public init(bucketBits: Int = 18, charMinOrder: Int = 1, charMaxOrder: Int = 5, wordMaxOrder: Int = 2,
                maxBytes: Int = 16_384) {
        self.bucketBits = max(8, min(bucketBits, 24))
        self.charMinOrder = max(1, min(charMinOrder, 8))
        self.charMaxOrder = max(self.charMinOrder, min(charMaxOrder, 8))
        self.wordMaxOrder = max(0, min(wordMaxOrder, 4))
        self.maxBytes = max(16, maxBytes)
    }

    var bucketCount: Int { 1 << bucketBits }
}

/// A sparse feature vector: sorted bucket indices and their values.
struct SparseVector: Sendable {
    var indices: [Int32]
    var values: [Float]
}

struct ClassifierFeatureExtractor: Sendable {
    let options: ClassifierFeatureOptions
    let normalizer: TextNormalizer

    init(options: ClassifierFeatureOptions) {
        self.options = options
        self.normalizer = TextNormalizer(options: .init(maxInputBytes: max(options.maxBytes * 4, 65_536)))
    }

    /// Calls `body(bucket, name)` for every feature occurrence; names are built only when asked.
    func forEachFeature(of text: String, names: Bool, _ body: (Int, () -> String) -> Void) {
        let normalized = normalizer.normalize(text)
        let mask = UInt64(options.bucketCount - 1)
        var previousWords: [UInt64] = []
        var previousNames: [String] = []
        var scalars: [UInt32] = []
        var budget = options.maxBytes
        for word in normalized.words() {
            budget -= word.utf8.count + 1
            if budget < 0 { break }
            scalars.removeAll(keepingCapacity: true)
            scalars.append(0x20)
            for scalar in word.unicodeScalars.prefix(64) { scalars.append(scalar.value) }
            scalars.append(0x20)
            // Character n-grams.
            for start in 0..<scalars.count {
                var hash: UInt64 = 0xcbf29ce484222325
                for order in 1...options.charMaxOrder {
                    let position = start + order - 1
                    guard position < scalars.count else { break }
                    hash = (hash ^ UInt64(scalars[position])) &* 0x100000001b3
                    guard order >= options.charMinOrder else { continue }
                    if order == 1 && scalars[position] == 0x20 { continue }
                    let bucket = Int(Self.mix(hash ^ (UInt64(order) << 56)) & mask)
                    body(bucket) {
                        let gram = scalars[start...position].compactMap(Unicode.Scalar.init)
                        return "c:" + String(String.UnicodeScalarView(gram))
                    }
                }
            }
            // Word n-grams.
            guard options.wordMaxOrder > 0 else { continue }
            var wordHash: UInt64 = 0x84222325cbf29ce4
            for byte in word.utf8 { wordHash = (wordHash ^ UInt64(byte)) &* 0x100000001b3 }
            previousWords.append(wordHash)
            if names { previousNames.append(String(word)) }
            if previousWords.count > options.wordMaxOrder {
                previousWords.removeFirst()
                if names { previousNames.removeFirst() }
            }
            var combined: UInt64 = 0x9E3779B97F4A7C15
            for order in 1...previousWords.count {
                combined = (combined &* 0x100000001b3) ^ previousWords[previousWords.count - order]
                let bucket = Int(Self.mix(combined ^ (0xFF << 56) ^ UInt64(order)) & mask)
                let count = order
                body(bucket) { "w:" + previousNames.suffix(count).joined(separator: " ") }
            }
        }
    }

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z ^= z >> 33
        z = z &* 0xff51afd7ed558ccd
        z ^= z >> 33
        z = z &* 0xc4ceb93f53fe1a85
        z ^= z >> 33
        return z
    }

    func vector(of text: String) -> SparseVector {
        var buckets: [Int32] = []
        forEachFeature(of: text, names: false) { bucket, _ in buckets.append(Int32(bucket)) }
        buckets.sort()
        var indices: [Int32] = []
        var values: [Float] = []
        var index = 0
        while index < buckets.count {
            var end = index + 1
            while end < buckets.count, buckets[end] == buckets[index] { end += 1 }
            indices.append(buckets[index])
            values.append(log1pf(Float(end - index)))
            index = end
        }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { values = values.map { $0 / norm } }
        return SparseVector(indices: indices, values: values)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
