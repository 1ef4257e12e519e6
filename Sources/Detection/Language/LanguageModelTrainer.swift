import Foundation

/// Trains the language-identification model from the openly licensed corpora in `shared/corpora`.
///
/// Which files are used comes from the corpora's `manifest.tsv`: every row whose `use` column starts
/// with "test" is evaluation-only and never read for training. The UDHR files are whole documents
/// marked "train or eval"; every `udhrHoldoutModulus`-th paragraph is kept out of training so the
/// languages that have nothing but the UDHR can be evaluated too (see `evaluationSamples`).
public enum LanguageModelTrainer {
    public struct Options: Sendable, Hashable {
        public var maxOrder: Int
        public var bucketBits: Int
        /// Additive (Lidstone) smoothing of n-gram counts.
        public var smoothing: Float
        /// How much more a discriminating letter's unigram counts (see `LanguageFeatures`).
        public var discriminatingWeight: Float
        /// Every n-th UDHR paragraph (index % n == n - 1) is held out for evaluation.
        public var udhrHoldoutModulus: Int
        /// Every n-th training line is used to fit the temperature, then added back.
        public var calibrationModulus: Int
        public var maxLetters: Int
        /// Languages to leave out (tags as in the manifest).
        public var excludedTags: Set<String>

        public init(maxOrder: Int = 4, bucketBits: Int = 17, smoothing: Float = 0.05, discriminatingWeight: Float = 3,
                    udhrHoldoutModulus: Int = 4, calibrationModulus: Int = 10, maxLetters: Int = 4096,
                    excludedTags: Set<String> = []) {
            self.maxOrder = maxOrder
            self.bucketBits = bucketBits
            self.smoothing = smoothing
            self.discriminatingWeight = discriminatingWeight
            self.udhrHoldoutModulus = udhrHoldoutModulus
            self.calibrationModulus = calibrationModulus
            self.maxLetters = maxLetters
            self.excludedTags = excludedTags
        }
    }

    public enum TrainingError: Error, Equatable, Sendable {
        case manifestMissing(String)
        case manifestInvalid(String)
        case fileMissing(String)
        case noTrainingText
    }

    /// One row of `manifest.tsv`.
    public struct CorpusFile: Sendable, Hashable {
        public let path: String
        public let tag: String
        public let script: String
        public let use: String

        public var isTestOnly: Bool { use.lowercased().hasPrefix("test") }
        public var isUDHR: Bool { path.hasPrefix("udhr/") }
    }

    /// What a training run saw, for `kaiguul langid train` to print.
    public struct Report: Sendable, Codable {
        public var linesPerLanguage: [String: Int]
        public var filesUsed: [String]
        public var temperature: Float
        public var modelBytes: Int
    }

    public static func readManifest(corporaDirectory: URL) throws -> [CorpusFile] {
        let url = corporaDirectory.appendingPathComponent("manifest.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw TrainingError.manifestMissing(url.path)
        }
        var files: [CorpusFile] = []
        for (index, line) in text.split(separator: "\n").enumerated() where index > 0 {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 4 else { throw TrainingError.manifestInvalid("line \(index + 1)") }
            files.append(CorpusFile(path: columns[0], tag: columns[1], script: columns[2], use: columns[3]))
        }
        return files
    }

    static func lines(of file: CorpusFile, in directory: URL) throws -> [String] {
        let url = directory.appendingPathComponent(file.path)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw TrainingError.fileMissing(file.path)
        }
        return text.split(separator: "\n").map { String($0) }
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// Training lines per language (test files never read; UDHR hold-out removed).
    public static func trainingLines(corporaDirectory: URL, options: Options = Options()) throws
        -> (lines: [LanguageModel.Label: [String]], files: [String])
    {
        var result: [LanguageModel.Label: [String]] = [:]
        var used: [String] = []
        for file in try readManifest(corporaDirectory: corporaDirectory) where !file.isTestOnly {
            guard !options.excludedTags.contains(file.tag) else { continue }
            var lines = try lines(of: file, in: corporaDirectory)
            if file.isUDHR, options.udhrHoldoutModulus > 1 {
                let modulus = options.udhrHoldoutModulus
                lines = lines.enumerated().filter { $0.offset % modulus != modulus - 1 }.map(\.element)
            }
            result[LanguageModel.Label(tag: file.tag, script: file.script), default: []].append(contentsOf: lines)
            used.append(file.path)
        }
        return (result, used)
    }

    /// Held-out evaluation sentences: the test files, plus the UDHR paragraphs held out of training.
    /// Sentences that also occur in the training text (the corpora README lists such overlaps) are
    /// dropped, so the evaluation never scores text the model has seen.
    public static func evaluationSamples(corporaDirectory: URL, options: Options = Options()) throws
        -> [(tag: String, text: String)]
    {
        let normalizer = TextNormalizer()
        let training = try trainingLines(corporaDirectory: corporaDirectory, options: options)
        var seen = Set<String>()
        for lines in training.lines.values { for line in lines { seen.insert(normalizer.normalize(line).text) } }
        var samples: [(tag: String, text: String)] = []
        for file in try readManifest(corporaDirectory: corporaDirectory) {
            let lines = try lines(of: file, in: corporaDirectory)
            let chosen: [String]
            if file.isTestOnly {
                chosen = lines
            } else if file.isUDHR, options.udhrHoldoutModulus > 1 {
                let modulus = options.udhrHoldoutModulus
                chosen = lines.enumerated().filter { $0.offset % modulus == modulus - 1 }.map(\.element)
            } else {
                continue
            }
            for line in chosen where !seen.contains(normalizer.normalize(line).text) {
                samples.append((file.tag, line))
            }
        }
        return samples
    }

    /// Trains and returns the model; `kaiguul langid train` writes `model.serialized()` to a file.
    public static func train(corporaDirectory: URL, options: Options = Options()) throws
        -> (model: LanguageModel, report: Report)
    {
        let (lines, files) = try trainingLines(corporaDirectory: corporaDirectory, options: options)
        let model = try train(lines: lines, options: options)
        let report = Report(
            linesPerLanguage: Dictionary(uniqueKeysWithValues: lines.map { ($0.key.tag, $0.value.count) }),
            filesUsed: files,
            temperature: model.temperature,
            modelBytes: model.serialized().count)
        return (model, report)
    }

    /// Trains from lines grouped by language.
    public static func train(lines: [LanguageModel.Label: [String]], options: Options = Options()) throws
        -> LanguageModel
    {
        let labels = lines.keys.sorted { $0.tag < $1.tag }
        guard !labels.isEmpty, lines.values.contains(where: { !$0.isEmpty }) else { throw TrainingError.noTrainingText }
        let features = LanguageFeatures(
            maxOrder: max(1, min(options.maxOrder, 8)), bucketBits: max(8, min(options.bucketBits, 24)),
            discriminatingWeight: options.discriminatingWeight, maxLetters: options.maxLetters)
        let normalizer = TextNormalizer()
        var prepared: [[[UInt32]]] = labels.map { label in
            (lines[label] ?? []).map { features.letters(of: normalizer.normalize($0)).scalars }
        }
        // Fit the temperature on a calibration slice, with a model that has not seen it.
        let modulus = max(2, options.calibrationModulus)
        var fitting: [[[UInt32]]] = []
        var calibration: [(Int, [UInt32])] = []
        for (language, sequences) in prepared.enumerated() {
            var kept: [[UInt32]] = []
            for (index, sequence) in sequences.enumerated() {
                if index % modulus == modulus - 1 {
                    calibration.append((language, sequence))
                } else {
                    kept.append(sequence)
                }
            }
            fitting.append(kept)
        }
        let provisional = LanguageModel(
            labels: labels, features: features,
            table: logProbabilities(fitting, features: features, smoothing: options.smoothing), temperature: 1)
        let temperature = fitTemperature(provisional, calibration)
        let table = logProbabilities(prepared, features: features, smoothing: options.smoothing)
        prepared.removeAll()
        return LanguageModel(labels: labels, features: features, table: table, temperature: temperature)
    }

    static func logProbabilities(_ sequences: [[[UInt32]]], features: LanguageFeatures, smoothing: Float) -> [Float] {
        let count = sequences.count
        let buckets = features.bucketCount
        var counts = [Float](repeating: 0, count: buckets * count)
        var totals = [Double](repeating: 0, count: count)
        for (language, texts) in sequences.enumerated() {
            for text in texts {
                features.forEach(text) { bucket, weight in
                    counts[bucket * count + language] += weight
                    totals[language] += Double(weight)
                }
            }
        }
        let alpha = Double(max(smoothing, 1e-6))
        for language in 0..<count {
            let denominator = totals[language] + alpha * Double(buckets)
            for bucket in 0..<buckets {
                let index = bucket * count + language
                counts[index] = Float(log((Double(counts[index]) + alpha) / denominator))
            }
        }
        return counts
    }

    /// The temperature (from a geometric grid) that minimises the negative log-likelihood.
    static func fitTemperature(_ model: LanguageModel, _ calibration: [(Int, [UInt32])]) -> Float {
        guard !calibration.isEmpty else { return 1 }
        let scored = calibration.map { ($0.0, model.scores($0.1)) }
        var best: (Float, Double) = (1, .infinity)
        var t: Float = 0.25
        while t <= 256 {
            var loss = 0.0
            for (truth, scores) in scored {
                let p = model.probabilities(scores, temperature: t)
                loss -= log(Double(max(p[truth], 1e-9)))
            }
            if loss < best.1 { best = (t, loss) }
            t *= 1.25
        }
        return best.0
    }

    /// Accuracy per language tag of `identifier` on `samples`.
    public static func evaluate(_ identifier: LanguageIdentifier, samples: [(tag: String, text: String)])
        -> LanguageEvaluation
    {
        var perLanguage: [String: LanguageEvaluation.Counts] = [:]
        var confusion: [String: [String: Int]] = [:]
        for sample in samples {
            let guess = identifier.identify(sample.text)
            var counts = perLanguage[sample.tag] ?? .init(correct: 0, total: 0)
            counts.total += 1
            if guess.tag == sample.tag { counts.correct += 1 }
            perLanguage[sample.tag] = counts
            confusion[sample.tag, default: [:]][guess.tag, default: 0] += 1
        }
        return LanguageEvaluation(perLanguage: perLanguage, confusion: confusion)
    }
}

/// Accuracy of a language identifier on labelled samples.
public struct LanguageEvaluation: Sendable, Codable {
    public struct Counts: Sendable, Codable, Hashable {
        public var correct: Int
        public var total: Int
        public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }
    }

    public var perLanguage: [String: Counts]
    /// truth tag → guessed tag → count.
    public var confusion: [String: [String: Int]]

    public var accuracy: Double {
        let correct = perLanguage.values.reduce(0) { $0 + $1.correct }
        let total = perLanguage.values.reduce(0) { $0 + $1.total }
        return total == 0 ? 0 : Double(correct) / Double(total)
    }
}
