import Foundation
import Testing
@testable import Detection

@Suite struct TextClassifierTests {
    static let small = TextClassifier.Options(features: .init(bucketBits: 16), epochs: 4)

    static func samples(_ path: String, _ label: String, limit: Int) -> [(text: String, label: String)] {
        TestSupport.lines(path, limit: limit).map { ($0, label) }
    }

    static let model: TextClassifierModel? = {
        let train = samples("ud-sentences/ky_ktmu-train.txt", "ky", limit: 300)
            + samples("kaznerd-sentences/kk_kaznerd-valid.txt", "kk", limit: 300)
            + samples("ud-sentences/ru_taiga-dev.txt", "ru", limit: 300)
        return try? TextClassifier.train(samples: train, options: small)
    }()

    @Test func learnsASentenceClassificationTask() throws {
        let model = try #require(Self.model)
        let test = Self.samples("turkic-xwmt/test/ky.txt", "ky", limit: 60)
            + Self.samples("turkic-xwmt/test/kk.txt", "kk", limit: 60)
            + Self.samples("ud-sentences/ru_pud-test.txt", "ru", limit: 60)
        try #require(test.count == 180)
        let evaluation = TextClassifier.evaluate(model, samples: test)
        #expect(evaluation.macroF1 > 0.9)
        #expect(evaluation.perLabel.map(\.label) == ["kk", "ky", "ru"])
        #expect(evaluation.perLabel.allSatisfy { $0.support == 60 })
    }

    @Test func probabilitiesAreCalibratedAndSumToOne() throws {
        let model = try #require(Self.model)
        let prediction = model.predict("Бүгүн шаарда жаан жаады, балдар мектепке барышты.")
        let total = prediction.scores.map(\.probability).reduce(0, +)
        #expect(abs(total - 1) < 1e-4)
        #expect(prediction.label == "ky")
        #expect(model.temperature > 0 && model.temperature != 1)
    }

    @Test func explainNamesTheFeaturesThatPushed() throws {
        let model = try #require(Self.model)
        let reasons = model.explain("Мен бүгүн үйдө болом", top: 5)
        #expect(reasons.count == 5)
        #expect(reasons.allSatisfy { $0.label == "ky" && $0.contribution > 0 })
        #expect(reasons.allSatisfy { $0.feature.hasPrefix("c:") || $0.feature.hasPrefix("w:") })
        #expect(zip(reasons, reasons.dropFirst()).allSatisfy { $0.contribution >= $1.contribution })
    }

    @Test func modelFileRoundTrips() throws {
        let model = try #require(Self.model)
        let data = model.serialized()
        let again = try TextClassifierModel(serialized: data)
        let text = "Сегодня в городе прошёл дождь."
        #expect(again.labels == model.labels)
        #expect(abs(again.predict(text).probability - model.predict(text).probability) < 1e-6)
        #expect(throws: ModelFileError.self) { try TextClassifierModel(serialized: Data([1, 2, 3])) }
        #expect(throws: ModelFileError.self) { try TextClassifierModel(serialized: data.prefix(40)) }
        // A tiny file claiming 2^24 buckets × 1024 labels must be refused before allocating.
        var huge = Data("KGTCL\0".utf8)
        huge.append(contentsOf: [1, 0, 24, 1, 5, 2, 0, 64, 0, 0, 0, 4])
        #expect(throws: ModelFileError.invalid("model too large")) { try TextClassifierModel(serialized: huge) }
    }

    @Test func trainingRejectsDegenerateData() {
        #expect(throws: TextClassifier.TrainingError.noSamples) { try TextClassifier.train(samples: []) }
        #expect(throws: TextClassifier.TrainingError.needsTwoLabels) {
            try TextClassifier.train(samples: [("a", "x"), ("b", "x")])
        }
    }

    @Test func hostileInputIsBounded() throws {
        let model = try #require(Self.model)
        #expect(model.predict("").scores.count == 3)
        let word = String(repeating: "ж", count: 1 << 20)
        #expect(model.predict(word).scores.count == 3)
        #expect(model.explain(word).count <= 10)
    }

    @Test func evaluationComputesMacroF1() {
        let evaluation = ClassifierEvaluation(truth: ["a", "a", "b", "b"], predictions: ["a", "b", "b", "b"])
        // a: P=1 R=0.5 F1=2/3; b: P=2/3 R=1 F1=0.8
        #expect(abs(evaluation.macroF1 - (2.0 / 3 + 0.8) / 2) < 1e-9)
        #expect(evaluation.accuracy == 0.75)
    }
}
