import Foundation
import Testing
@testable import Detection

@Suite struct LanguageIdentifierTests {
    static let identifier: LanguageIdentifier? = try? LanguageIdentifier.bundled()

    func identifier() throws -> LanguageIdentifier { try #require(Self.identifier) }

    @Test func bundledModelIsSmallAndKnowsTheRequiredLanguages() throws {
        let model = try identifier().model
        let tags = Set(model.labels.map(\.tag))
        for tag in ["ky", "kk", "ru", "uz-Latn", "uz-Cyrl", "tg", "tt", "tr", "en", "ar", "fa"] {
            #expect(tags.contains(tag), "missing \(tag)")
        }
        #expect(model.serialized().count < 5_000_000)
    }

    @Test(arguments: [
        ("Биздин айылда жаңы мектеп курулуп, балдар күзүндө окуй башташат.", "ky", "Cyrl"),
        ("Біздің ауылда жаңа мектеп салынып, балалар күзде оқи бастайды.", "kk", "Cyrl"),
        ("В нашей деревне построили новую школу, и дети пойдут учиться осенью.", "ru", "Cyrl"),
        ("Qishlogʻimizda yangi maktab qurildi, bolalar kuzda oʻqishni boshlaydi.", "uz", "Latn"),
        ("Қишлоғимизда янги мактаб қурилди, болалар кузда ўқишни бошлайди.", "uz", "Cyrl"),
        ("Köyümüzde yeni bir okul yapıldı ve çocuklar sonbaharda okumaya başlayacak.", "tr", "Latn"),
        ("A new school was built in our village and the children will start in autumn.", "en", "Latn"),
        ("بُنيت مدرسة جديدة في قريتنا وسيبدأ الأطفال الدراسة في الخريف.", "ar", "Arab"),
        ("در روستای ما مدرسه‌ای تازه ساخته شد و بچه‌ها پاییز درس را شروع می‌کنند.", "fa", "Arab"),
    ])
    func identifiesInventedSentences(text: String, code: String, script: String) throws {
        let guess = try identifier().identify(text)
        #expect(guess.code == code)
        #expect(guess.script == script)
        #expect(guess.confidence > 0.5)
    }

    @Test func uzbekTagCarriesScript() throws {
        let latin = try identifier().identify("Oʻzbekiston Respublikasi poytaxti Toshkent shahri hisoblanadi.")
        #expect(latin.tag == "uz-Latn")
        let cyrillic = try identifier().identify("Ўзбекистон Республикаси пойтахти Тошкент шаҳри ҳисобланади.")
        #expect(cyrillic.tag == "uz-Cyrl")
    }

    @Test func kyrgyzAndKazakhAreToldApart() throws {
        // Same sentence; the Kazakh one differs in ә, қ, ғ, і spellings.
        let kyrgyz = try identifier().identify("Мен бүгүн шаарга барып, базардан алма сатып алдым.")
        let kazakh = try identifier().identify("Мен бүгін қалаға барып, базардан алма сатып алдым.")
        #expect(kyrgyz.code == "ky")
        #expect(kazakh.code == "kk")
    }

    @Test func undeterminedForShortEmptyAndUnknownScripts() throws {
        let identifier = try identifier()
        #expect(identifier.identify("").isUndetermined)
        #expect(identifier.identify("ok").isUndetermined)
        #expect(identifier.identify("12345 !!! ...").isUndetermined)
        #expect(identifier.identify("这是一个用中文写的句子，模型不认识这种文字。").isUndetermined)
        #expect(identifier.identify("ეს არის წინადადება ქართულ ენაზე.").isUndetermined)
        #expect(identifier.identify("\u{200B}\u{200B}\u{200B}").isUndetermined)
    }

    @Test func heldOutSentencesAreMostlyRight() throws {
        let identifier = try identifier()
        let samples: [(String, String)] =
            TestSupport.lines("ud-sentences/ky_tuecl-test.txt", limit: 80).map { ("ky", $0) }
            + TestSupport.lines("turkic-xwmt/test/kk.txt", limit: 80).map { ("kk", $0) }
            + TestSupport.lines("turkic-xwmt/test/ky.txt", limit: 80).map { ("ky", $0) }
            + TestSupport.lines("ud-sentences/ru_pud-test.txt", limit: 80).map { ("ru", $0) }
        try #require(samples.count == 320, "corpora not found beside the repository")
        let correct = samples.filter { identifier.identify($0.1).tag == $0.0 }.count
        #expect(Double(correct) / Double(samples.count) > 0.95)
    }

    @Test func modelRoundTripsAndRejectsGarbage() throws {
        let model = try identifier().model
        let data = model.serialized()
        let again = try LanguageModel(serialized: data)
        #expect(again.labels == model.labels)
        #expect(throws: ModelFileError.self) { try LanguageModel(serialized: Data("nonsense".utf8)) }
        #expect(throws: ModelFileError.self) { try LanguageModel(serialized: data.prefix(data.count / 2)) }
    }

    @Test func trainerLearnsFromLinesAndFitsTemperature() throws {
        let lines: [LanguageModel.Label: [String]] = [
            .init(tag: "aa", script: "Latn"): Array(repeating: "kala mala tala kala bala sala", count: 30),
            .init(tag: "bb", script: "Latn"): Array(repeating: "zupo rupo dupo zupo fupo gupo", count: 30),
        ]
        let model = try LanguageModelTrainer.train(
            lines: lines, options: .init(bucketBits: 10, calibrationModulus: 5))
        let identifier = LanguageIdentifier(model: model)
        #expect(identifier.identify("mala tala").tag == "aa")
        #expect(identifier.identify("dupo gupo").tag == "bb")
        #expect(model.temperature > 0)
    }

    @Test func trainingNeverReadsTestSplits() throws {
        let corpora = try #require(TestSupport.corporaDirectory)
        let manifest = try LanguageModelTrainer.readManifest(corporaDirectory: corpora)
        let testFiles = Set(manifest.filter(\.isTestOnly).map(\.path))
        #expect(testFiles.contains("ud-sentences/ky_ktmu-test.txt"))
        let used = try LanguageModelTrainer.trainingLines(corporaDirectory: corpora).files
        #expect(!used.isEmpty)
        #expect(Set(used).isDisjoint(with: testFiles))
    }
}
