import Detection
import Foundation

extension Bench {
    static let classifierTrain: [(String, String)] = [
        ("ud-sentences/ky_ktmu-train.txt", "ky"), ("udhr/ky.txt", "ky"),
        ("kaznerd-sentences/kk_kaznerd-valid.txt", "kk"), ("ud-sentences/kk_ktb-train.txt", "kk"),
        ("udhr/kk.txt", "kk"),
        ("ud-sentences/uz_uzudt-train.txt", "uz"), ("udhr/uz-Latn.txt", "uz"), ("udhr/uz-Cyrl.txt", "uz"),
        ("udhr/tt.txt", "tt"), ("udhr/tr.txt", "tr"),
        ("ud-sentences/ru_taiga-dev.txt", "ru"), ("udhr/ru.txt", "ru"),
    ]
    static let classifierTest: [(String, String)] = [
        ("ud-sentences/ky_ktmu-test.txt", "ky"), ("ud-sentences/ky_tuecl-test.txt", "ky"),
        ("turkic-xwmt/test/ky.txt", "ky"),
        ("ud-sentences/kk_ktb-test.txt", "kk"), ("kaznerd-sentences/kk_kaznerd-test.txt", "kk"),
        ("turkic-xwmt/test/kk.txt", "kk"),
        ("ud-sentences/uz_uzudt-test.txt", "uz"), ("ud-sentences/uz_ut-test.txt", "uz"),
        ("turkic-xwmt/test/uz.txt", "uz"),
        ("ud-sentences/tt_nmctt-test.txt", "tt"), ("turkic-xwmt/test/tr.txt", "tr"),
        ("ud-sentences/ru_pud-test.txt", "ru"), ("ud-sentences/ru_taiga-test.txt", "ru"),
    ]

    /// classifier CORPORA OUT_DIR: the sentence-language task (ky, kk, uz, tt, tr, ru; Bashkir has no
    /// training text in the corpora and is left out). Train splits + UDHR to train, test splits to score;
    /// test sentences that also occur in training are dropped.
    static func classifier(_ arguments: [String]) throws {
        guard arguments.count >= 2 else { throw BenchError.usage("classifier CORPORA OUT_DIR") }
        let corpora = URL(fileURLWithPath: arguments[0])
        let out = URL(fileURLWithPath: arguments[1])
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        func load(_ files: [(String, String)]) -> [(text: String, label: String)] {
            files.flatMap { file, label in corpusLines(corpora, [file]).map { ($0, label) } }
        }
        let train = load(classifierTrain)
        let seen = Set(train.map { $0.text.trimmingCharacters(in: .whitespaces) })
        let test = load(classifierTest).filter { !seen.contains($0.text.trimmingCharacters(in: .whitespaces)) }
        func tsv(_ samples: [(text: String, label: String)]) -> String {
            samples.map { "\($0.label)\t\($0.text.replacingOccurrences(of: "\t", with: " "))" }
                .joined(separator: "\n") + "\n"
        }
        try tsv(train).write(to: out.appendingPathComponent("train.tsv"), atomically: true, encoding: .utf8)
        try tsv(test).write(to: out.appendingPathComponent("test.tsv"), atomically: true, encoding: .utf8)
        var model: TextClassifierModel?
        let trainTime = try seconds { model = try TextClassifier.train(samples: train) }
        guard let model else { return }
        var predictions: [String] = []
        let predictTime = seconds { predictions = test.map { model.predict($0.text).label } }
        let evaluation = ClassifierEvaluation(truth: test.map(\.label), predictions: predictions)
        try (predictions.joined(separator: "\n") + "\n")
            .write(to: out.appendingPathComponent("kaiguul-predictions.txt"), atomically: true, encoding: .utf8)
        print(String(format: "kaiguul: train %.3f s (%d samples), predict %.3f s (%d samples), "
                     + "macro-F1 %.4f, accuracy %.4f",
                     trainTime, train.count, predictTime, test.count, evaluation.macroF1, evaluation.accuracy))
        for scores in evaluation.perLabel {
            print(String(format: "  %@ P %.4f R %.4f F1 %.4f n %d", scores.label as NSString, scores.precision,
                         scores.recall, scores.f1, scores.support))
        }
    }
}
