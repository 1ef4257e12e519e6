import Foundation

/// Trains and evaluates `TextClassifierModel`s: multinomial logistic regression fitted by
/// stochastic gradient descent in pure Swift, then a temperature fitted on a held-out slice so the
/// probabilities mean what they say.
///
/// App's `kaiguul classifier train --data FILE.jsonl` calls `TextClassifier.parseJSONL` then
/// `train`; `--from-decisions` builds samples from analysts' labels (`TriageLabel` raw values).
public enum TextClassifier {
    public struct Options: Codable, Hashable, Sendable {
        public var features: ClassifierFeatureOptions
        public var epochs: Int
        public var learningRate: Float
        /// L2 penalty, applied to the weights a sample touches (lazy regularisation).
        public var l2: Float
        /// Share of samples (every n-th, per label) kept out of training to fit the temperature;
        /// 0 disables calibration.
        public var calibrationFraction: Double
        /// Weight each sample by N / (labels × samples of its label), so rare labels count.
        public var balanceClasses: Bool
        public var seed: UInt64

        public init(features: ClassifierFeatureOptions = ClassifierFeatureOptions(), epochs: Int = 6,
                    learningRate: Float = 0.5, l2: Float = 1e-6, calibrationFraction: Double = 0.1,
                    balanceClasses: Bool = true, seed: UInt64 = 7) {
            self.features = features
            self.epochs = max(1, min(epochs, 200))
            self.learningRate = learningRate
            self.l2 = max(0, l2)
            self.calibrationFraction = min(max(calibrationFraction, 0), 0.5)
            self.balanceClasses = balanceClasses
            self.seed = seed
        }
    }

    public enum TrainingError: Error, Equatable, Sendable {
        case noSamples
        case needsTwoLabels
    }

    public static func train(samples: [(text: String, label: String)], options: Options = Options()) throws
        -> TextClassifierModel
    {
        guard !samples.isEmpty else { throw TrainingError.noSamples }
        let labels = Array(Set(samples.map(\.label))).sorted()
        guard labels.count >= 2 else { throw TrainingError.needsTwoLabels }
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let extractor = ClassifierFeatureExtractor(options: options.features)
        let vectors = samples.map { extractor.vector(of: $0.text) }
        let targets = samples.map { labelIndex[$0.label] ?? 0 }

        // Calibration slice: every n-th sample of each label, if there are enough.
        var training: [Int] = []
        var calibration: [Int] = []
        var seenPerLabel = [Int](repeating: 0, count: labels.count)
        let modulus = options.calibrationFraction > 0 ? max(2, Int((1 / options.calibrationFraction).rounded())) : 0
        for index in samples.indices {
            let label = targets[index]
            seenPerLabel[label] += 1
            if modulus > 0, seenPerLabel[label] % modulus == 0 {
                calibration.append(index)
            } else {
                training.append(index)
            }
        }
        if calibration.count < labels.count { training = Array(samples.indices); calibration = [] }

        let count = labels.count
        var weights = [Float](repeating: 0, count: options.features.bucketCount * count)
        var bias = [Float](repeating: 0, count: count)
        var perLabel = [Int](repeating: 0, count: count)
        for index in training { perLabel[targets[index]] += 1 }
        let sampleWeight: [Float] = (0..<count).map { label in
            guard options.balanceClasses, perLabel[label] > 0 else { return 1 }
            return min(10, Float(training.count) / Float(count * perLabel[label]))
        }
        var random = SplitMixRandom(seed: options.seed)
        var order = training
        var step: Float = 0
        let total = Float(max(1, options.epochs * training.count))
        var probabilities = [Float](repeating: 0, count: count)
        weights.withUnsafeMutableBufferPointer { weights in
            for _ in 0..<options.epochs {
                order.shuffle(using: &random)
                for index in order {
                    let vector = vectors[index]
                    let target = targets[index]
                    // Linear decay keeps early steps large and the last ones gentle.
                    let rate = options.learningRate * max(0.05, 1 - step / total)
                    step += 1
                    for label in 0..<count { probabilities[label] = bias[label] }
                    for (position, bucket) in vector.indices.enumerated() {
                        let value = vector.values[position]
                        let base = Int(bucket) * count
                        for label in 0..<count { probabilities[label] += value * weights[base + label] }
                    }
                    let top = probabilities.max() ?? 0
                    var sum: Float = 0
                    for label in 0..<count {
                        probabilities[label] = expf(probabilities[label] - top)
                        sum += probabilities[label]
                    }
                    let scale = rate * sampleWeight[target]
                    for label in 0..<count {
                        let gradient = probabilities[label] / sum - (label == target ? 1 : 0)
                        bias[label] -= scale * gradient
                        probabilities[label] = gradient
                    }
                    let decay = 1 - rate * options.l2
                    for (position, bucket) in vector.indices.enumerated() {
                        let value = vector.values[position] * scale
                        let base = Int(bucket) * count
                        for label in 0..<count {
                            weights[base + label] = weights[base + label] * decay - value * probabilities[label]
                        }
                    }
                }
            }
        }
        var model = TextClassifierModel(labels: labels, featureOptions: options.features, weights: weights,
                                        bias: bias, temperature: 1)
        if !calibration.isEmpty {
            let logits = calibration.map { (model.logits(vectors[$0]), targets[$0]) }
            let temperature = fitTemperature(logits)
            model = TextClassifierModel(labels: labels, featureOptions: options.features, weights: model.weights,
                                        bias: model.bias, temperature: temperature)
        }
        return model
    }

    /// The temperature minimising negative log-likelihood (golden-section search on log T).
    static func fitTemperature(_ samples: [([Float], Int)]) -> Float {
        func loss(_ logT: Double) -> Double {
            let t = Float(exp(logT))
            var total = 0.0
            for (logits, target) in samples {
                let p = TextClassifierModel.softmax(logits, temperature: t)
                total -= log(Double(max(p[target], 1e-9)))
            }
            return total
        }
        var low = log(0.05)
        var high = log(20.0)
        let ratio = (5.0.squareRoot() - 1) / 2
        for _ in 0..<40 {
            let a = high - ratio * (high - low)
            let b = low + ratio * (high - low)
            if loss(a) < loss(b) { high = b } else { low = a }
        }
        return Float(exp((low + high) / 2))
    }

    public static func evaluate(_ model: TextClassifierModel, samples: [(text: String, label: String)])
        -> ClassifierEvaluation
    {
        let predictions = samples.map { model.predict($0.text).label }
        return ClassifierEvaluation(truth: samples.map(\.label), predictions: predictions)
    }
}

/// Deterministic shuffling, so a training run can be repeated.
struct SplitMixRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

/// Precision, recall and F1 per label, and their macro average.
public struct ClassifierEvaluation: Codable, Hashable, Sendable {
    public struct LabelScores: Codable, Hashable, Sendable {
        public let label: String
        public let precision: Double
        public let recall: Double
        public let f1: Double
        public let support: Int
    }

    public let accuracy: Double
    public let macroF1: Double
    public let perLabel: [LabelScores]
    /// truth → predicted → count.
    public let confusion: [String: [String: Int]]

    public init(truth: [String], predictions: [String]) {
        let labels = Array(Set(truth)).sorted()
        var confusion: [String: [String: Int]] = [:]
        var correct = 0
        for (t, p) in zip(truth, predictions) {
            confusion[t, default: [:]][p, default: 0] += 1
            if t == p { correct += 1 }
        }
        var scores: [LabelScores] = []
        for label in labels {
            let truePositive = confusion[label]?[label] ?? 0
            let predicted = predictions.filter { $0 == label }.count
            let actual = truth.filter { $0 == label }.count
            let precision = predicted == 0 ? 0 : Double(truePositive) / Double(predicted)
            let recall = actual == 0 ? 0 : Double(truePositive) / Double(actual)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            scores.append(LabelScores(label: label, precision: precision, recall: recall, f1: f1, support: actual))
        }
        self.accuracy = truth.isEmpty ? 0 : Double(correct) / Double(truth.count)
        self.macroF1 = scores.isEmpty ? 0 : scores.map(\.f1).reduce(0, +) / Double(scores.count)
        self.perLabel = scores
        self.confusion = confusion
    }
}
