import Foundation

import Testing

@testable import App

/// The guide and the leaflet drawn from values alone: what each section shows, how examples are
/// marked, and what is never written however the values are filled.
@Suite("The guide's pages, drawn from public knowledge values") struct GuideViewTests {
    static let sha = String(repeating: "ab", count: 32)

    static func entry(id: Int = 7, phrases: [String] = ["кара туман биригет"]) -> PublicKnowledgeEntry {
        PublicKnowledgeEntry(
            organizationID: id, version: 2,
            names: [.ky: "Кара Туман Бирлиги", .ru: "Союз «Чёрный туман»", .en: "Black Fog Union"],
            aliases: ["Кара Туман"], designation: "extremist",
            legalBasis: "Бишкек шаардык соту, № 2-145/19, 2019-03-14",
            ideology: [:], recruitment: [.ru: "Вербует через закрытые чаты."],
            recognition: [.ky: "Кара булут белгиси бар видеолор.", .ru: "Видео с чёрным облаком.", .en: "Videos with a black cloud."],
            examplePhrases: phrases,
            symbols: [.init(id: 1, sha256: sha, caption: [.ky: "Кара булут", .ru: "Чёрное облако", .en: "Black cloud"])],
            counterMaterials: [.init(title: "Тынчтык жолу", url: "https://media.example.kg/peace"),
                               .init(title: "Bad link", url: "javascript:alert(1)")],
            publicSources: [.init(title: "Сот чечими", url: "https://court.example.kg/2-145")])
    }

    static func page(_ entries: [PublicKnowledgeEntry], _ language: Language) -> String {
        Guide.view(.init(entries: entries, language: language)).render()
    }

    @Test func eachOrganizationHasItsNamesDesignationMaterialSymbolsExamplesAndAReportLink() {
        // MUT
        let ky = Self.page([Self.entry()], .ky)
        let ru = Self.page([Self.entry()], .ru)
        // validate: the reader's language throughout
        #expect(ky.contains("Кара Туман Бирлиги") && ky.contains("Экстремисттик уюм"))
        #expect(ky.contains("Бишкек шаардык соту, № 2-145/19, 2019-03-14"))
        #expect(ky.contains("Кара булут белгиси бар видеолор."))
        #expect(ru.contains("Союз «Чёрный туман»") && ru.contains("Экстремистская организация") && ru.contains("Видео с чёрным облаком."))
        // symbols from the knowledge base's image route, captioned
        #expect(ky.contains("<img src=\"/knowledge/symbols/\(Self.sha)\" alt=\"Кара булут\""))
        // example phrases: quoted and labelled as examples, with the warning
        #expect(ky.contains("<span class=\"example-label\">Мисал: </span><q>кара туман биригет</q>"))
        #expect(ky.contains("Аларды тааный алышыңыз үчүн гана келтирилди"))
        // the report link pre-fills the organisation; a javascript: link is text, never a link
        #expect(ky.contains("href=\"/tip?organization=7&amp;lang=ky\""))
        #expect(ky.contains("href=\"https://media.example.kg/peace\""))
        #expect(!ky.contains("javascript:alert"))
        #expect(ky.contains("Bad link"))
        // what never to share, how to report; readable on a phone: no table, its own stylesheet
        #expect(ky.contains("Эч качан эмнени бөлүшпөө керек") && ky.contains("Кантип кабарлоо керек"))
        #expect(!ky.contains("<table"))
        #expect(ky.contains("href=\"/static/guide.css\""))
    }

    @Test func onlyShortPhrasesAreQuotedAndAtMostSix() {
        let long = String(repeating: "узун үгүт сөзү ", count: 8)  // 120 characters: a text, not an example
        let many = (1...9).map { "ураан \($0)" }
        // MUT
        let html = Self.page([Self.entry(phrases: [long] + many)], .en)
        // validate
        #expect(!html.contains("узун үгүт"))
        #expect(html.components(separatedBy: "<q>").count - 1 == Guide.maxExamples)
        #expect(html.contains("<q>ураан 6</q>") && !html.contains("<q>ураан 7</q>"))
    }

    @Test func hostileTextIsShownEscapedAndBadSymbolAddressesAreDropped() {
        var entry = Self.entry()
        entry.names[.en] = "<script>alert(1)</script>"
        entry.examplePhrases = ["\"><img src=x onerror=alert(1)>"]
        entry.symbols = [.init(id: 2, sha256: "../../etc/passwd", caption: [.en: "x"])]
        // MUT
        let html = Self.page([entry], .en)
        // validate
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("etc/passwd"))
    }

    @Test func aTextMissingInTheReadersLanguageIsShownInAnotherAndSaidToBe() {
        // MUT: recruitment is written in Russian only
        let html = Self.page([Self.entry()], .en)
        // validate
        #expect(html.contains("This text is in another language: Русский"))
        #expect(html.contains("<div lang=\"ru\"><p>Вербует через закрытые чаты.</p></div>"))
    }

    @Test func withNothingApprovedTheGuideSaysSo() {
        let html = Self.page([], .ru)
        #expect(html.contains("Одобренных сведений пока нет."))
        #expect(html.contains("Чем нельзя делиться никогда"))
    }

    @Test func theLeafletIsAnA4DocumentWithFullReportAddressesAndInlineImagesForPrinting() {
        let model = GuideLeaflet.Model(entries: [Self.entry()], language: .ru, base: "https://patrol.example.kg")
        // MUT
        let served = GuideLeaflet.render(model)
        var printed = model
        printed.inlineImages = [Self.sha: "data:image/png;base64,iVBORw0KGgo="]
        let forPDF = GuideLeaflet.render(printed, inlineStyle: true)
        // validate: the served page links its stylesheet (no inline style under the CSP), images by route
        #expect(served.contains("href=\"/static/guide-leaflet.css\""))
        #expect(!served.contains("<style>"))
        #expect(served.contains("src=\"/knowledge/symbols/\(Self.sha)\""))
        #expect(served.contains("Сообщить можно здесь: https://patrol.example.kg/tip?organization=7"))
        #expect(served.contains("<q>кара туман биригет</q>"))
        #expect(served.contains("Союз «Чёрный туман»"))
        // the printed copy carries its style and its images
        #expect(forPDF.contains("@page { size: A4"))
        #expect(forPDF.contains("src=\"data:image/png;base64,iVBORw0KGgo=\""))
        #expect(!forPDF.contains("/knowledge/symbols/"))
    }

    @Test func theTipFormOffersTheGuidesOrganizationsAndKeepsAChoiceItDidNotOffer() throws {
        var raw = TipInput.Raw()
        raw.urls = "https://bad.example/post/1"
        raw.organization = "7"
        // MUT
        let chosen = try TipInput.validate(raw, organizations: [7, 9])
        raw.organization = ""
        let unknown = try TipInput.validate(raw, organizations: [7, 9])
        raw.organization = "8"
        // validate
        #expect(chosen.organizationID == 7)
        #expect(unknown.organizationID == nil)
        #expect(throws: FormErrors.self) { try TipInput.validate(raw, organizations: [7, 9]) }
        raw.organization = "7 OR 1=1"
        #expect(throws: FormErrors.self) { try TipInput.validate(raw, organizations: [7, 9]) }
    }

    @Test func theChoiceCarriesTheNameInTheReadersLanguageAndOnlyWellFormedSymbols() {
        var entry = Self.entry()
        entry.symbols.append(.init(id: 3, sha256: "not-a-hash", caption: [:]))
        // MUT
        let choices = TipOrganizationChoice.from([entry], language: .ky)
        // validate
        #expect(choices == [TipOrganizationChoice(id: 7, name: "Кара Туман Бирлиги",
                                                  symbols: [.init(path: "/knowledge/symbols/\(Self.sha)", caption: "Кара булут")])])
    }

    @Test func theLeafletPDFIsPrintedOncePerDocument() async throws {
        let cache = LeafletPDFCache()
        let calls = Counter()
        let printer: @Sendable (String) async throws -> Data = { html in
            await calls.add()
            return Data("%PDF-\(html.count)".utf8)
        }
        // MUT: the same document twice at once and once more, then another
        async let a = cache.pdf(for: "<p>one</p>", printer: printer)
        async let b = cache.pdf(for: "<p>one</p>", printer: printer)
        let (first, second) = try await (a, b)
        let third = try await cache.pdf(for: "<p>one</p>", printer: printer)
        _ = try await cache.pdf(for: "<p>two</p>", printer: printer)
        // validate
        #expect(first == second && second == third)
        #expect(await calls.value == 2)
    }

    actor Counter {
        var value = 0
        func add() { value += 1 }
    }
}
