import Foundation

/// A trained language-identification model: multinomial naive Bayes over hashed character
/// n-grams (see `LanguageFeatures`), with a temperature that turns log-likelihoods into calibrated
/// confidences.
///
/// File format (little-endian), version 1:
/// `"KGLID\0"`, UInt16 version, UInt8 maxOrder, UInt8 bucketBits, Float discriminatingWeight,
/// UInt32 maxLetters, Float temperature, UInt16 language count, then per language its tag and script
/// (length-prefixed UTF-8) and a Float minimum log-probability and Float step; then the table, one
/// UInt8 per (bucket, language), bucket-major: log P = minimum + q × step.
public struct LanguageModel: Sendable {
    /// A language the model knows: BCP-47 style tag ("ky", "uz-Latn") and ISO 15924 script.
    public struct Label: Sendable, Hashable, Codable {
        public let tag: String
        public let script: String

        public init(tag: String, script: String) {
            self.tag = tag
            self.script = script
        }

        /// The language without its script subtag ("uz" for "uz-Latn").
        public var code: String { String(tag.split(separator: "-").first ?? Substring(tag)) }
    }

    public static let currentVersion: UInt16 = 1
    static let magic = "KGLID\0"

    public let labels: [Label]
    let features: LanguageFeatures
    /// log P(bucket | language), bucket-major: table[bucket * labels.count + language].
    let table: [Float]
    /// The same table with each bucket's row padded to 16 languages, for SIMD scoring.
    private let paddedTable: [Float]
    /// Divides summed log-likelihoods before the softmax; fitted on held-out training text.
    public let temperature: Float

    init(labels: [Label], features: LanguageFeatures, table: [Float], temperature: Float) {
        self.labels = labels
        self.features = features
        self.table = table
        self.temperature = temperature
        let count = labels.count
        if count <= 16 {
            var padded = [Float](repeating: 0, count: features.bucketCount * 16)
            for bucket in 0..<features.bucketCount {
                for language in 0..<count { padded[bucket * 16 + language] = table[bucket * count + language] }
            }
            paddedTable = padded
        } else {
            paddedTable = []
        }
    }

    /// The model shipped with Kaiguul (`Resources/langid.model`).
    public static func bundled() throws -> LanguageModel {
        guard let url = Bundle.module.url(forResource: "langid", withExtension: "model", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "langid", withExtension: "model")
        else { throw ModelFileError.invalid("langid.model is missing from the bundle") }
        return try LanguageModel(serialized: Data(contentsOf: url))
    }

    /// Summed log-likelihood per language for a letter sequence.
    func scores(_ scalars: [UInt32]) -> [Float] {
        let count = labels.count
        if count <= 16, !paddedTable.isEmpty {
            var sum = SIMD16<Float>()
            paddedTable.withUnsafeBufferPointer { table in
                guard let base = table.baseAddress else { return }
                let raw = UnsafeRawPointer(base)
                features.forEach(scalars) { bucket, weight in
                    sum += weight * raw.loadUnaligned(fromByteOffset: bucket * 64, as: SIMD16<Float>.self)
                }
            }
            return (0..<count).map { sum[$0] }
        }
        var scores = [Float](repeating: 0, count: count)
        table.withUnsafeBufferPointer { table in
            scores.withUnsafeMutableBufferPointer { scores in
                features.forEach(scalars) { bucket, weight in
                    let base = bucket * count
                    for language in 0..<count { scores[language] += weight * table[base + language] }
                }
            }
        }
        return scores
    }

    /// Softmax of scores / temperature.
    func probabilities(_ scores: [Float], temperature: Float? = nil) -> [Float] {
        let t = max(temperature ?? self.temperature, 1e-3)
        let top = scores.max() ?? 0
        var result = scores.map { expf(($0 - top) / t) }
        let total = result.reduce(0, +)
        if total > 0 { result = result.map { $0 / total } }
        return result
    }

    // MARK: - Serialisation

    public func serialized() -> Data {
        var writer = ByteWriter()
        writer.write(magic: Self.magic)
        writer.write(Self.currentVersion)
        writer.write(UInt8(features.maxOrder))
        writer.write(UInt8(features.bucketBits))
        writer.write(features.discriminatingWeight)
        writer.write(UInt32(features.maxLetters))
        writer.write(temperature)
        writer.write(UInt16(labels.count))
        let count = labels.count
        let buckets = features.bucketCount
        var minimums = [Float](repeating: 0, count: count)
        var steps = [Float](repeating: 0, count: count)
        for language in 0..<count {
            var low = Float.greatestFiniteMagnitude
            var high = -Float.greatestFiniteMagnitude
            for bucket in 0..<buckets {
                let value = table[bucket * count + language]
                low = min(low, value)
                high = max(high, value)
            }
            minimums[language] = low
            steps[language] = max((high - low) / 255, 1e-6)
        }
        for (index, label) in labels.enumerated() {
            writer.write(label.tag)
            writer.write(label.script)
            writer.write(minimums[index])
            writer.write(steps[index])
        }
        var quantized = [UInt8](repeating: 0, count: table.count)
        for index in 0..<table.count {
            let language = index % count
            let q = ((table[index] - minimums[language]) / steps[language]).rounded()
            quantized[index] = UInt8(max(0, min(255, q)))
        }
        writer.write(bytes: quantized)
        return writer.data
    }

    public init(serialized data: Data) throws {
        var reader = ByteReader(data)
        try reader.expect(magic: Self.magic, name: "language model")
        let version = try reader.readUInt16()
        guard version == Self.currentVersion else { throw ModelFileError.unsupportedVersion(Int(version)) }
        let maxOrder = Int(try reader.readUInt8())
        let bucketBits = Int(try reader.readUInt8())
        let weight = try reader.readFloat()
        let maxLetters = Int(try reader.readUInt32())
        let temperature = try reader.readFloat()
        let count = Int(try reader.readUInt16())
        guard (1...8).contains(maxOrder), (8...24).contains(bucketBits), (1...512).contains(count),
              weight.isFinite, temperature.isFinite, temperature > 0, maxLetters > 0
        else { throw ModelFileError.invalid("header out of range") }
        var labels: [Label] = []
        var minimums: [Float] = []
        var steps: [Float] = []
        for _ in 0..<count {
            let tag = try reader.readString(maxLength: 64)
            labels.append(Label(tag: tag, script: try reader.readString(maxLength: 16)))
            minimums.append(try reader.readFloat())
            steps.append(try reader.readFloat())
        }
        let cells = (1 << bucketBits) * count
        let quantized = try reader.readBytes(cells)
        var table = [Float](repeating: 0, count: cells)
        for index in 0..<cells {
            let language = index % count
            table[index] = minimums[language] + Float(quantized[index]) * steps[language]
        }
        self.init(
            labels: labels,
            features: LanguageFeatures(maxOrder: maxOrder, bucketBits: bucketBits, discriminatingWeight: weight,
                                       maxLetters: maxLetters),
            table: table,
            temperature: temperature)
    }
}
