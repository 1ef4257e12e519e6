import Foundation

/// A trained multinomial logistic regression over hashed text features, with a calibration
/// temperature. Immutable and `Sendable`: one model serves every worker.
///
/// File format (little-endian), version 1: `"KGTCL\0"`, UInt16 version, the feature options
/// (UInt8 bucketBits, charMinOrder, charMaxOrder, wordMaxOrder, UInt32 maxBytes), UInt16 label count
/// and the labels (length-prefixed UTF-8), Float temperature, the biases, then the rows of weights
/// that are not all zero: UInt32 count, and for each UInt32 bucket and one Float per label.
public struct TextClassifierModel: Sendable {
    public static let currentVersion: UInt16 = 1
    static let magic = "KGTCL\0"

    public let labels: [String]
    public let featureOptions: ClassifierFeatureOptions
    /// Weights bucket-major: weights[bucket * labels.count + label].
    let weights: [Float]
    let bias: [Float]
    public let temperature: Float
    let extractor: ClassifierFeatureExtractor

    init(labels: [String], featureOptions: ClassifierFeatureOptions, weights: [Float], bias: [Float],
         temperature: Float) {
        self.labels = labels
        self.featureOptions = featureOptions
        self.weights = weights
        self.bias = bias
        self.temperature = temperature
        self.extractor = ClassifierFeatureExtractor(options: featureOptions)
    }

    /// A prediction with calibrated probabilities, best first.
    public struct Prediction: Codable, Hashable, Sendable {
        public struct Score: Codable, Hashable, Sendable {
            public let label: String
            public let probability: Double
        }

        public let label: String
        public let probability: Double
        public let scores: [Score]

        public func probability(of label: String) -> Double {
            scores.first { $0.label == label }?.probability ?? 0
        }
    }

    /// A feature that pushed a prediction, for the analyst ("w:кошул" pushed "propaganda" by 0.8).
    public struct FeatureContribution: Codable, Hashable, Sendable {
        /// `c:` character n-gram (spaces mark word edges) or `w:` word n-gram.
        public let feature: String
        public let label: String
        public let contribution: Double
    }

    func logits(_ vector: SparseVector) -> [Float] {
        let count = labels.count
        var logits = bias
        weights.withUnsafeBufferPointer { weights in
            for (position, bucket) in vector.indices.enumerated() {
                let value = vector.values[position]
                let base = Int(bucket) * count
                for label in 0..<count { logits[label] += value * weights[base + label] }
            }
        }
        return logits
    }

    static func softmax(_ logits: [Float], temperature: Float) -> [Float] {
        let t = max(temperature, 1e-3)
        let top = logits.max() ?? 0
        var result = logits.map { expf(($0 - top) / t) }
        let total = result.reduce(0, +)
        if total > 0 { result = result.map { $0 / total } }
        return result
    }

    public func predict(_ text: String) -> Prediction {
        predict(vector: extractor.vector(of: text))
    }

    func predict(vector: SparseVector) -> Prediction {
        let probabilities = Self.softmax(logits(vector), temperature: temperature)
        let scores = zip(labels, probabilities).map { Prediction.Score(label: $0, probability: Double($1)) }
            .sorted { $0.probability > $1.probability }
        let best = scores.first ?? Prediction.Score(label: labels.first ?? "", probability: 0)
        return Prediction(label: best.label, probability: best.probability, scores: scores)
    }

    /// The features that pushed `label` (default: the predicted one) most above the other labels'
    /// average, largest first. Word n-grams and character n-grams of three or more letters are
    /// listed; shorter character n-grams count in the prediction but tell an analyst nothing.
    public func explain(_ text: String, label: String? = nil, top: Int = 10) -> [FeatureContribution] {
        let target = label.flatMap { labels.firstIndex(of: $0) }
            ?? labels.firstIndex(of: predict(text).label) ?? 0
        let vector = extractor.vector(of: text)
        var names: [Int32: String] = [:]
        extractor.forEachFeature(of: text, names: true) { bucket, name in
            guard names[Int32(bucket)] == nil else { return }
            let feature = name()
            let letters = feature.dropFirst(2).filter { $0 != " " }.count
            names[Int32(bucket)] = feature.hasPrefix("w:") || letters >= 3 ? feature : ""
        }
        let count = labels.count
        var contributions: [FeatureContribution] = []
        for (position, bucket) in vector.indices.enumerated() {
            let base = Int(bucket) * count
            let own = weights[base + target]
            var others: Float = 0
            for other in 0..<count where other != target { others += weights[base + other] }
            let relative = own - (count > 1 ? others / Float(count - 1) : 0)
            let contribution = vector.values[position] * relative
            guard contribution > 0, let name = names[bucket], !name.isEmpty else { continue }
            contributions.append(FeatureContribution(
                feature: name, label: labels[target], contribution: Double(contribution)))
        }
        return Array(contributions.sorted { $0.contribution > $1.contribution }.prefix(max(0, top)))
    }

    // MARK: - Serialisation

    public func serialized() -> Data {
        var writer = ByteWriter()
        writer.write(magic: Self.magic)
        writer.write(Self.currentVersion)
        writer.write(UInt8(featureOptions.bucketBits))
        writer.write(UInt8(featureOptions.charMinOrder))
        writer.write(UInt8(featureOptions.charMaxOrder))
        writer.write(UInt8(featureOptions.wordMaxOrder))
        writer.write(UInt32(featureOptions.maxBytes))
        writer.write(UInt16(labels.count))
        for label in labels { writer.write(label) }
        writer.write(temperature)
        writer.write(floats: bias)
        let count = labels.count
        var rows: [UInt32] = []
        for bucket in 0..<featureOptions.bucketCount {
            let base = bucket * count
            if (0..<count).contains(where: { weights[base + $0] != 0 }) { rows.append(UInt32(bucket)) }
        }
        writer.write(UInt32(rows.count))
        for bucket in rows {
            writer.write(bucket)
            let base = Int(bucket) * count
            writer.write(floats: Array(weights[base..<(base + count)]))
        }
        return writer.data
    }

    public init(serialized data: Data) throws {
        var reader = ByteReader(data)
        try reader.expect(magic: Self.magic, name: "text classifier model")
        let version = try reader.readUInt16()
        guard version == Self.currentVersion else { throw ModelFileError.unsupportedVersion(Int(version)) }
        let bits = Int(try reader.readUInt8())
        let charMin = Int(try reader.readUInt8())
        let charMax = Int(try reader.readUInt8())
        let wordMax = Int(try reader.readUInt8())
        let maxBytes = Int(try reader.readUInt32())
        guard (8...24).contains(bits), charMin >= 1, charMax >= charMin, charMax <= 8, wordMax <= 4 else {
            throw ModelFileError.invalid("feature options out of range")
        }
        let options = ClassifierFeatureOptions(bucketBits: bits, charMinOrder: charMin, charMaxOrder: charMax,
                                               wordMaxOrder: wordMax, maxBytes: maxBytes)
        let count = Int(try reader.readUInt16())
        guard (1...1024).contains(count) else { throw ModelFileError.invalid("label count") }
        // Rows are stored sparsely, so a small hostile file could ask for a huge dense table.
        guard options.bucketCount * count <= 1 << 26 else { throw ModelFileError.invalid("model too large") }
        var labels: [String] = []
        for _ in 0..<count { labels.append(try reader.readString(maxLength: 256)) }
        let temperature = try reader.readFloat()
        guard temperature.isFinite, temperature > 0 else { throw ModelFileError.invalid("temperature") }
        let bias = try reader.readFloats(count)
        let rows = Int(try reader.readUInt32())
        guard rows <= options.bucketCount else { throw ModelFileError.invalid("row count") }
        var weights = [Float](repeating: 0, count: options.bucketCount * count)
        for _ in 0..<rows {
            let bucket = Int(try reader.readUInt32())
            guard bucket < options.bucketCount else { throw ModelFileError.invalid("bucket out of range") }
            let row = try reader.readFloats(count)
            for label in 0..<count { weights[bucket * count + label] = row[label] }
        }
        guard weights.allSatisfy(\.isFinite), bias.allSatisfy(\.isFinite) else {
            throw ModelFileError.invalid("weights")
        }
        self.init(labels: labels, featureOptions: options, weights: weights, bias: bias, temperature: temperature)
    }
}
