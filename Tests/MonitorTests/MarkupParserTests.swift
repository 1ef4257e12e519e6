import Foundation
import Testing

@testable import Monitor

@Suite struct MarkupParserTests {
    @Test func htmlQueriesByTagClassAndAttribute() throws {
        let html = """
            <html lang="ky"><head><title> Fictional  page </title><script>var hidden = "SCRIPT";</script>
            <style>.x{color:red}</style></head>
            <body><div class="post main" data-id="7"><p>First&nbsp;line<br>second line</p>
            <a href="/about">About</a><img src="pic.jpg"></div><div class="post">Two</div></body></html>
            """
        let root = try #require(MarkupParser.parseHTML(html).root)
        let posts = root.elements(withClass: "post")
        #expect(posts.count == 2)
        #expect(posts[0].attribute("data-id") == "7")
        #expect(posts[0].hasClass("main") && !posts[1].hasClass("main"))
        #expect(root.firstElement(named: "title")?.normalisedText == "Fictional page")
        let visible = TextLayout.visibleText(of: root)
        #expect(visible == "First line\nsecond line\nAbout\nTwo")
        #expect(!visible.contains("SCRIPT"))
    }

    @Test func malformedHTMLIsRecovered() throws {
        let html = "<div><p>unclosed <b>bold <i>both</div><table><tr><td>cell</p></span>&bogus; tail"
        let document = MarkupParser.parseHTML(html)
        let root = try #require(document.root)
        let text = TextLayout.visibleText(of: root)
        #expect(text.contains("unclosed bold both"))
        #expect(text.contains("cell"))
    }

    @Test func deeplyNestedHTMLIsFlattenedNotCrashed() throws {
        let depth = 20_000
        let html = String(repeating: "<div>", count: depth) + "deep text" + String(repeating: "</div>", count: depth)
        let document = MarkupParser.parseHTML(html + "<p>after</p>")
        let root = try #require(document.root)
        var maxDepth = 0
        var stack: [(DOMElement, Int)] = [(root, 1)]
        while let (element, depth) = stack.popLast() {
            maxDepth = max(maxDepth, depth)
            stack.append(contentsOf: element.childElements.map { ($0, depth + 1) })
        }
        #expect(maxDepth <= MarkupParser.maximumDepth)
    }

    @Test func xmlNamespacesAndAttributes() throws {
        let xml = """
            <?xml version="1.0"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:yt="http://www.youtube.com/xml/schemas/2015">
            <entry><yt:videoId>abc</yt:videoId><link rel="alternate" href="https://example.org/v"/></entry></feed>
            """
        let document = MarkupParser.parseXML(xml)
        #expect(document.wellFormed)
        let root = try #require(document.root)
        #expect(root.name == "feed" && root.namespaceURI == "http://www.w3.org/2005/Atom")
        let entry = try #require(root.firstChild(named: "entry", namespace: "http://www.w3.org/2005/Atom"))
        #expect(
            entry.firstChild(named: "videoId", namespace: "http://www.youtube.com/xml/schemas/2015")?.textContent
                == "abc")
        #expect(entry.firstChild(named: "link")?.attribute("href") == "https://example.org/v")
    }

    @Test func billionLaughsIsNotExpanded() throws {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        xml += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        for level in 2...9 {
            let previous = "&lol\(level - 1);"
            xml += "<!ENTITY lol\(level) \"\(String(repeating: previous, count: 10))\">\n"
        }
        xml += "]>\n<lolz>&lol9;</lolz>"
        let started = Date()
        let document = MarkupParser.parseXML(xml)
        #expect(Date().timeIntervalSince(started) < 2)
        let root = try #require(document.root)
        #expect(root.textContent.utf8.count < 1000)
        #expect(!root.textContent.contains("lollollol"))
    }

    @Test func externalEntitiesAreNeverRead() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kaiguul-xxe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = directory.appendingPathComponent("secret.txt")
        try Data("TOP-SECRET-MARKER".utf8).write(to: secret)
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY xxe SYSTEM "\(secret.absoluteString)">
            <!ENTITY % p SYSTEM "\(secret.absoluteString)"> %p;]>
            <r>&xxe;</r>
            """
        let document = MarkupParser.parseXML(xml)
        let text = document.root?.textContent ?? ""
        #expect(!text.contains("TOP-SECRET-MARKER"))
    }

    @Test func malformedXMLYieldsWhatCanBeRead() throws {
        let xml = "<rss><channel><title>Fictional</title><item><title>One</title></item><item><title>Two &bad"
        let document = MarkupParser.parseXML(xml)
        #expect(!document.wellFormed)
        let root = try #require(document.root)
        #expect(root.firstChild(named: "channel")?.childElements(named: "item").count == 2)
    }
}
