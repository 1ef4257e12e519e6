import Detection
import Foundation

enum Bench {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func trainLangID(_ arguments: [String]) throws {
        guard arguments.count >= 2 else { throw BenchError.usage("train-langid CORPORA OUT.model") }
        let corpora = URL(fileURLWithPath: arguments[0])
        var result: (model: LanguageModel, report: LanguageModelTrainer.Report)?
        let time = try seconds { result = try LanguageModelTrainer.train(corporaDirectory: corpora) }
        guard let result else { return }
        try result.model.serialized().write(to: URL(fileURLWithPath: arguments[1]))
        print(String(format: "trained in %.2f s, temperature %.3f, %d bytes", time, result.report.temperature,
                     result.report.modelBytes))
        for (tag, count) in result.report.linesPerLanguage.sorted(by: { $0.key < $1.key }) {
            print("  \(tag): \(count) lines")
        }
    }

    static func evalLangID(_ arguments: [String]) throws {
        guard arguments.count >= 1 else { throw BenchError.usage("eval-langid CORPORA [MODEL] [OUT.tsv]") }
        let corpora = URL(fileURLWithPath: arguments[0])
        let model = arguments.count >= 2 && arguments[1] != "-"
            ? try LanguageModel(serialized: Data(contentsOf: URL(fileURLWithPath: arguments[1])))
            : try LanguageModel.bundled()
        let samples = try LanguageModelTrainer.evaluationSamples(corporaDirectory: corpora)
        if arguments.count >= 3 {
            let tsv = samples.map { "\($0.tag)\t\($0.text.replacingOccurrences(of: "\t", with: " "))" }
                .joined(separator: "\n") + "\n"
            try tsv.write(toFile: arguments[2], atomically: true, encoding: .utf8)
        }
        let identifier = LanguageIdentifier(model: model)
        var evaluation: LanguageEvaluation?
        let time = seconds { evaluation = LanguageModelTrainer.evaluate(identifier, samples: samples) }
        guard let evaluation else { return }
        print(String(format: "kaiguul: %d samples in %.3f s = %.0f texts/s, overall accuracy %.4f",
                     samples.count, time, Double(samples.count) / time, evaluation.accuracy))
        for (tag, counts) in evaluation.perLanguage.sorted(by: { $0.key < $1.key }) {
            let confusions = (evaluation.confusion[tag] ?? [:]).filter { $0.key != tag }
                .sorted { $0.value > $1.value }.prefix(3).map { "\($0.key):\($0.value)" }.joined(separator: " ")
            print(String(format: "  %-8@ %5d/%5d  %.4f  %@", tag as NSString, counts.correct, counts.total,
                         counts.accuracy, confusions as NSString))
        }
    }
}

extension Bench {
    /// Reads `tag<TAB>text` lines, writes one predicted tag per line, prints the timing.
    static func predictLangID(_ arguments: [String]) throws {
        guard arguments.count >= 3 else { throw BenchError.usage("predict-langid MODEL|- IN.tsv OUT.txt") }
        let model = arguments[0] != "-"
            ? try LanguageModel(serialized: Data(contentsOf: URL(fileURLWithPath: arguments[0])))
            : try LanguageModel.bundled()
        let identifier = LanguageIdentifier(model: model)
        let texts = try String(contentsOfFile: arguments[1], encoding: .utf8).split(separator: "\n")
            .map { line in line.split(separator: "\t", maxSplits: 1).last.map(String.init) ?? "" }
        var predictions: [String] = []
        predictions.reserveCapacity(texts.count)
        let time = seconds { for text in texts { predictions.append(identifier.identify(text).tag) } }
        try (predictions.joined(separator: "\n") + "\n").write(toFile: arguments[2], atomically: true, encoding: .utf8)
        print(String(format: "%d texts in %.4f s", texts.count, time))
    }
}

enum BenchError: Error {
    case usage(String)
}

extension Bench {
    /// analyze FILE: the analysis App's `kaiguul analyze` prints, with its time (stderr).
    static func analyze(_ arguments: [String]) throws {
        guard let path = arguments.first else { throw BenchError.usage("analyze FILE") }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let analyzer = TextAnalyzer(
            languageIdentifier: try LanguageIdentifier.bundled(),
            indicators: IndicatorMatcher(indicators: [
                Indicator(organizationID: "kara-tuman", text: "Кара Туман Бирлиги", weight: 3, mode: .phrase),
            ]))
        var analysis: TextAnalysis?
        let time = seconds { analysis = analyzer.analyze(data: data) }
        guard let analysis else { return }
        FileHandle.standardError.write(Data(String(format: "analysed in %.3f s\n", time).utf8))
        print(String(decoding: try analysis.jsonData(), as: UTF8.self))
    }
}
