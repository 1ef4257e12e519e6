import Fluent
import Foundation
import Monitor
import Vapor

/// A captured HTML page read back from its WARC record for fingerprinting: the markup as served
/// (scripts and all), the title, the visible text, and where its favicon is.
struct SitePage: Sendable {
    var capture: Capture
    var html: String
    var title: String?
    var text: String
    /// The icon the page names (`<link rel="icon">`, `shortcut icon`, `apple-touch-icon` last), else `/favicon.ico`.
    var faviconURL: String?
    /// The first image that says it is the logo (in its address, `alt`, `class` or `id`).
    var logoURL: String?

    /// Markup read at most: a fingerprint needs the head, the scripts and the text, not a megabyte of inline data.
    static let maxBodyBytes = 4 * 1_048_576

    /// Nil for anything that is not a whole-enough HTML page with a 2xx answer.
    static func load(_ capture: Capture, app: Application) throws -> SitePage? {
        guard capture.warcFile != nil, capture.role != "media", capture.role != "favicon",
              let status = capture.httpStatus, (200..<300).contains(status),
              ArchivedPage.isHTML(capture.contentType)
        else { return nil }
        let response = try StoredResponse.read(capture, directory: try app.monitoring.warcDirectory,
                                               maxBodyBytes: maxBodyBytes)
        let html = CharsetDecoder.decode(response.body, contentType: response.header("Content-Type") ?? capture.contentType,
                                         markup: .html).text
        return parse(html, capture: capture)
    }

    static func parse(_ html: String, capture: Capture) -> SitePage {
        guard let root = MarkupParser.parseHTML(html).root else {
            return SitePage(capture: capture, html: html, title: nil, text: "", faviconURL: nil, logoURL: nil)
        }
        let title = root.firstElement(named: "title").map { TextLayout.collapse($0.textContent) }
        let body = root.firstElement(named: "body") ?? root
        var icons: [(rank: Int, href: String)] = []
        var logo: String?
        root.forEachDescendant { element in
            if logo == nil, element.name == "img", let src = element.attribute("src") {
                let said = [src, element.attribute("alt"), element.attribute("class"), element.attribute("id")]
                    .compactMap { $0?.lowercased() }.joined(separator: " ")
                if said.contains("logo") { logo = src }
            }
            if element.name == "link", let rel = element.attribute("rel")?.lowercased(),
               let href = element.attribute("href") {
                let words = Set(rel.split(separator: " ").map(String.init))
                if words.contains("icon") { icons.append((0, href)) }
                else if words.contains("apple-touch-icon") { icons.append((1, href)) }
            }
            return icons.count >= 20 && logo != nil ? .stop : .visitChildren
        }
        let base = URL(string: capture.url)
        let named = icons.sorted { $0.rank < $1.rank }.lazy.compactMap { ArchivedHTML.resolve($0.href, base: base) }.first
        return SitePage(capture: capture, html: html, title: title, text: TextLayout.visibleText(of: body),
                        faviconURL: named ?? ArchivedHTML.resolve("/favicon.ico", base: base),
                        logoURL: logo.flatMap { ArchivedHTML.resolve($0, base: base) })
    }
}
