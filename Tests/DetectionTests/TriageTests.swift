import Foundation
import Testing
@testable import Detection

@Suite struct TriageTests {
    static let classifier: TextClassifierModel? = try? TextClassifier.train(
        samples: TriageData.training,
        options: .init(features: .init(bucketBits: 16), epochs: 30, calibrationFraction: 0))

    static let indicators = IndicatorMatcher(indicators: [
        Indicator(id: "kt-name", organizationID: "kara-tuman", text: "Кара Туман Бирлиги", language: "ky", weight: 3,
                  mode: .phrase),
        Indicator(id: "kt-stem", organizationID: "kara-tuman", text: "экстремист", language: "ky", weight: 1,
                  mode: .stem),
    ])

    func analyzer() throws -> TextAnalyzer {
        TextAnalyzer(languageIdentifier: try LanguageIdentifier.bundled(), indicators: Self.indicators,
                     classifier: try #require(Self.classifier))
    }

    @Test func kyrgyzPressReleaseRanksBelowPropagandaWithTheSameName() throws {
        let analyzer = try analyzer()
        // Worded apart from the training templates, about an organisation never seen in training.
        let pressRelease = "Ички иштер министрлиги Кара Туман Бирлиги уюмунун эки мүчөсүн кармаганын билдирди. "
            + "Сот мурда бул уюмду экстремисттик деп тааныган."
        let propaganda = "Кара Туман Бирлиги сени чакырат! Бүгүн эле кошул, бир тууганым, кечикпе!"
        let report = analyzer.analyze(pressRelease)
        let call = analyzer.analyze(propaganda)
        // Both name the organisation...
        #expect(report.signals.contains { $0.kind == .indicator && $0.organizationID == "kara-tuman" })
        #expect(call.signals.contains { $0.kind == .indicator && $0.organizationID == "kara-tuman" })
        // ...the press release even has more indicator evidence ("экстремист"), yet ranks lower.
        #expect(report.priority.components.indicator > call.priority.components.indicator)
        #expect(report.priority.score < call.priority.score)
        #expect(report.signals.first { $0.kind == .classifier }?.label == "reporting")
        #expect(call.signals.first { $0.kind == .classifier }?.label == "propaganda")
        #expect(report.language.code == "ky")
    }

    @Test func russianPressReleaseRanksBelowPropagandaWithTheSameName() throws {
        let analyzer = try analyzer()
        let pressRelease = "Пресс-служба МВД сообщила о задержании двух участников организации Кара Туман Бирлиги. "
            + "Суд ранее признал её экстремистской."
        let propaganda = "Кара Туман Бирлиги зовёт тебя, брат! Вступай уже сегодня, не медли!"
        let report = analyzer.analyze(pressRelease)
        let call = analyzer.analyze(propaganda)
        #expect(report.priority.components.indicator > 0)
        #expect(call.priority.components.indicator > 0)
        #expect(report.priority.score < call.priority.score)
        #expect(call.priority.level >= .medium)
        #expect(report.language.code == "ru")
    }

    @Test func formulaWithoutClassifierUsesIndicatorsAndNearDuplicates() {
        let none = TriagePriority(indicator: 0, nearDuplicate: 0, propaganda: nil, reporting: nil, unrelated: nil)
        #expect(none.score == 0 && none.level == .none)
        let strong = TriagePriority(indicator: 0.9, nearDuplicate: 0, propaganda: nil, reporting: nil, unrelated: nil)
        #expect(strong.score == 90 && strong.level == .high)
        let reported = TriagePriority(indicator: 0.9, nearDuplicate: 0, propaganda: 0, reporting: 1, unrelated: 0)
        #expect(reported.score < 40)
        let copied = TriagePriority(indicator: 0, nearDuplicate: 0.8, propaganda: 0, reporting: 1, unrelated: 0)
        #expect(copied.score >= 40)  // reproducing a banned text still matters in a news article
    }

    @Test func analysisEncodesAsTheDocumentedJSON() throws {
        var index = NearDuplicateIndex()
        let material = TestSupport.lines("ud-sentences/ky_ktmu-train.txt", limit: 40).joined(separator: " ")
        index.add(materialID: "mat-1", title: "Invented test material", text: material)
        let analyzer = TextAnalyzer(languageIdentifier: try LanguageIdentifier.bundled(), indicators: Self.indicators,
                                    nearDuplicates: index, classifier: Self.classifier)
        let words = material.split(separator: " ")
        let post = "Кара Туман Бирлиги: " + words[50..<120].joined(separator: " ")
        let analysis = analyzer.analyze(post)
        #expect(analysis.signals.contains { $0.kind == .nearDuplicate && $0.materialID == "mat-1" })
        let json = try #require(try JSONSerialization.jsonObject(with: analysis.jsonData()) as? [String: Any])
        let language = try #require(json["language"] as? [String: Any])
        #expect(language["code"] as? String == "ky")
        #expect((language["confidence"] as? Double ?? 0) > 0.5)
        let signals = try #require(json["signals"] as? [[String: Any]])
        #expect(Set(signals.compactMap { $0["kind"] as? String }) == ["indicator", "near_duplicate", "classifier"])
        let priority = try #require(json["priority"] as? [String: Any])
        #expect((priority["score"] as? Int ?? 0) > 0)
        let indicator = try #require(signals.first { $0["kind"] as? String == "indicator" })
        let span = try #require((indicator["spans"] as? [[String: Int]])?.first)
        #expect(span["start"] == 0)
        #expect(span["end"] == "Кара Туман Бирлиги".utf8.count)
    }
}
