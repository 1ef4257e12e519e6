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

    /// One row of the media table: text parts, the strongest media match, and the verdict expected.
    struct MediaRow: Sendable, CustomTestStringConvertible {
        var name: String
        var indicator = 0.0
        var reporting: Double? = nil
        var media: TriagePriority.MediaEvidence?
        var level: TriagePriority.Level
        var score: ClosedRange<Int>
        var testDescription: String { name }
    }

    static func pdq(_ distance: Int, quality: Int, threshold: Int = 31) -> TriagePriority.MediaEvidence {
        .init(exact: false, distance: distance, quality: quality, threshold: threshold)
    }

    static let exact = TriagePriority.MediaEvidence(exact: true, distance: 0, quality: nil, threshold: 31)

    static let mediaRows: [MediaRow] = [
        MediaRow(name: "no media, no text", media: nil, level: .none, score: 0...0),
        MediaRow(name: "exact file alone", media: exact, level: .high, score: 100...100),
        MediaRow(name: "identical PDQ, good quality", media: pdq(0, quality: 100), level: .high, score: 95...95),
        MediaRow(name: "PDQ at the threshold, good quality", media: pdq(31, quality: 100), level: .high,
                 score: 70...70),
        MediaRow(name: "PDQ at the threshold, quality 70", media: pdq(31, quality: 70), level: .high, score: 70...70),
        MediaRow(name: "close PDQ, quality 69 (weaker)", media: pdq(0, quality: 69), level: .medium, score: 65...65),
        MediaRow(name: "PDQ at the threshold, quality 50", media: pdq(31, quality: 50), level: .medium, score: 40...40),
        MediaRow(name: "PDQ beyond the threshold", media: pdq(32, quality: 100), level: .none, score: 0...0),
        MediaRow(name: "PDQ of quality below 50", media: pdq(0, quality: 49), level: .none, score: 0...0),
        MediaRow(name: "bank with a stricter threshold", media: pdq(20, quality: 100, threshold: 16), level: .none,
                 score: 0...0),
        MediaRow(name: "news about it still shows the banned file", reporting: 1, media: exact, level: .high,
                 score: 100...100),
        MediaRow(name: "news showing a banned poster", reporting: 1, media: pdq(10, quality: 100), level: .high,
                 score: 87...87),
        // Text adds: 0.3 indicator evidence with a weaker match (0.4) → 1 − 0.7·0.6 = 0.58.
        MediaRow(name: "weaker PDQ and some text", indicator: 0.3, media: pdq(31, quality: 50), level: .medium,
                 score: 58...58),
        // 0.5 indicator evidence with a threshold match (0.7) → 1 − 0.5·0.3 = 0.85.
        MediaRow(name: "good PDQ and text", indicator: 0.5, media: pdq(31, quality: 90), level: .high, score: 85...85),
        MediaRow(name: "text alone as before", indicator: 0.5, media: nil, level: .medium, score: 50...50),
    ]

    @Test(arguments: mediaRows) func mediaEvidenceRaisesThePriority(_ row: MediaRow) {
        let zero = row.reporting.map { _ in 0.0 }
        let priority = TriagePriority(indicator: row.indicator, nearDuplicate: 0, propaganda: zero,
                                      reporting: row.reporting, unrelated: zero, media: row.media)
        #expect(priority.level == row.level)
        #expect(row.score.contains(priority.score), "score \(priority.score)")
        // The same verdict is reached by adding the media to a text-only verdict (what the pipeline does).
        let text = TriagePriority(indicator: row.indicator, nearDuplicate: 0, propaganda: zero,
                                  reporting: row.reporting, unrelated: zero)
        #expect(text.adding(media: row.media) == priority)
    }

    @Test func strongestMediaMatchIsTheOneWeighed() {
        let weak = Self.pdq(5, quality: 60)
        let good = Self.pdq(25, quality: 90)
        #expect(TriagePriority.MediaEvidence.strongest([weak, good, Self.pdq(40, quality: 100)]) == good)
        #expect(TriagePriority.MediaEvidence.strongest([good, Self.exact]) == Self.exact)
        #expect(TriagePriority.MediaEvidence.strongest([]) == nil)
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
