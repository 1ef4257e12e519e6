import Testing

@testable import App

/// CSS in an archived page may never fetch anything, however it spells the fetch.
@Suite("Archived CSS") struct ArchivedCSSTests {
    @Test(arguments: [
        "body { background: url(/captures/9/record) }",
        "body { background: URL(/x) }",
        "body { background: ur\\l(/captures/9/record) }",
        "body { background: u\\72l(/x) }",
        "@imp\\ort '/x.css';",
        "@IMPORT '/x.css';",
        "div { background: image-set(\"/a.png\" 1x) }",
        "div { width: expr\\ession(alert(1)) }",
    ])
    func everySpellingOfAFetchIsTakenOut(css: String) {
        // MUT
        let cleaned = ArchivedHTML.css(css).lowercased()

        // validate
        for fetch in ["url(", "@import", "image-set(", "expression("] {
            #expect(!cleaned.contains(fetch), "\(css) → \(cleaned)")
        }
        #expect(!cleaned.contains("\\"))
    }
}
