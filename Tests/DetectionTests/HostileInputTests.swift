import Foundation
import Testing
@testable import Detection

/// Empty text, huge text, invalid UTF-8, one enormous word, unknown scripts: bounded, never a crash.
@Suite struct HostileInputTests {
    static let analyzer: TextAnalyzer? = {
        guard let identifier = try? LanguageIdentifier.bundled() else { return nil }
        var index = NearDuplicateIndex()
        index.add(materialID: "m", text: "бир эки үч төрт беш алты жети сегиз тогуз он")
        return TextAnalyzer(
            languageIdentifier: identifier,
            indicators: IndicatorMatcher(indicators: [Indicator(organizationID: "o", text: "туман", mode: .stem)]),
            nearDuplicates: index,
            // Small limit keeps the debug-build test fast; the default is 4 MiB.
            options: .init(maxInputBytes: 256 << 10))
    }()

    func analyzer() throws -> TextAnalyzer { try #require(Self.analyzer) }

    @Test func emptyText() throws {
        let analysis = try analyzer().analyze("")
        #expect(analysis.language.isUndetermined)
        #expect(analysis.signals.isEmpty)
        #expect(analysis.priority.score == 0)
    }

    @Test func fiftyMegabytesAreCutNotRead() throws {
        let chunk = Data("туман басты. ".utf8)
        var data = Data(capacity: 50 << 20)
        while data.count < 50 << 20 { data.append(chunk) }
        let start = Date()
        let analysis = try analyzer().analyze(data: data)
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(analysis.input.truncated)
        #expect(analysis.input.bytes == data.count)
        #expect(analysis.input.analysedBytes <= 256 << 10)
        #expect(!analysis.input.repairedEncoding)
        #expect(analysis.signals.contains { $0.kind == .indicator })
        #expect(analysis.signals.first { $0.kind == .indicator }?.spans.count ?? 0 <= 50)
    }

    @Test func invalidUTF8IsRepaired() throws {
        var data = Data("Кара туман ".utf8)
        data.append(contentsOf: [0xFF, 0xC0, 0x80, 0xED, 0xA0, 0x80])
        data.append(Data(" келди".utf8))
        let analysis = try analyzer().analyze(data: data)
        #expect(analysis.input.repairedEncoding)
        #expect(analysis.signals.contains { $0.kind == .indicator })
    }

    @Test func oneMegabyteWord() throws {
        let word = String(repeating: "ы", count: 1 << 19)  // 1 MiB of UTF-8
        let analysis = try analyzer().analyze(word)
        #expect(analysis.input.truncated)
        #expect(analysis.priority.score == 0)
        let spaced = String(repeating: "a ", count: 1 << 18)  // 262,144 one-letter "words"
        #expect(TextNormalizer(options: .init(maxInputBytes: 1 << 20)).normalize(spaced).text.count == 1 << 18)
    }

    @Test func unknownScriptsAreUndetermined() throws {
        for text in ["ᚠᚢᚦᚨᚱᚲ ᚷᚹᚺᚾᛁᛃ", "漢字だけの文章です", "😀😀😀🔥🔥", "ꦧꦱꦗꦮ ꦲꦏ꧀ꦱꦫ", "\u{0000}\u{0001}\u{0002}"] {
            let analysis = try analyzer().analyze(text)
            #expect(analysis.language.isUndetermined, "\(text)")
            #expect(analysis.signals.isEmpty)
        }
    }

    @Test func pathologicalMarksAndLigatures() throws {
        let marks = "а" + String(repeating: "\u{0301}", count: 100_000)
        #expect(try analyzer().analyze(marks).priority.score == 0)
        let ligatures = String(repeating: "\u{FDFA}", count: 20_000)  // each expands to 18 letters under NFKC
        let normalized = TextNormalizer().normalize(ligatures)
        #expect(normalized.bytes.count > 20_000)
    }
}
