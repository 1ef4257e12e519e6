import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// Nothing untranslated in the Kyrgyz or Russian interface: as every role of the demo, in each
/// language, every page the navigation reaches and every page one link further (one of each kind:
/// `/cases/12` stands for every case page) is read for translation keys, English interface text,
/// English names of organisations and regions, and raw JSON (`UntranslatedText`).
@Suite("Untranslated pages") struct UntranslatedPagesTests {
    @Test(arguments: [Language.ky, .ru])
    func everyPageEveryRoleSeesIsInItsLanguage(_ language: Language) async throws {
        try await withApp { app in
            // setup
            let logins = try await DemoData.seed(app: app)
            // Login and display names are data, whatever language they look like ("expert2").
            let people = try await User.query(on: app.db).all().flatMap { [$0.username, $0.displayName] }
            let checker = UntranslatedText(language: language, englishNames: try await Self.englishNames(on: app.db),
                                           data: Set(people))
            var findings: [String: Set<String>] = [:]
            var visited = 0
            // MUT
            for login in logins {
                let browser = Browser(app)
                try await browser.login(login.username, DemoData.password, language: language.rawValue)
                let home = try await browser.get("/")
                #expect(home.status == .ok, "\(login.username): home \(home.status)")
                var seen = Set<String>()
                var pages: [(path: String, body: String)] = [("/", home.body)]
                seen.insert(Self.kind(of: "/"))
                let navigation = Self.navigationLinks(home.body) + ["/account"]
                for path in navigation where seen.insert(Self.kind(of: path)).inserted {
                    if let body = try await Self.page(path, browser, login.username, into: &findings) {
                        pages.append((path, body))
                    }
                }
                var deeper: [String] = []
                for page in pages {
                    for link in Self.links(page.body) where seen.insert(Self.kind(of: link)).inserted {
                        deeper.append(link)
                    }
                }
                for path in deeper {
                    if let body = try await Self.page(path, browser, login.username, into: &findings) {
                        pages.append((path, body))
                    }
                }
                visited += pages.count
                for page in pages {
                    // An organisation's own page shows its names in every language, on purpose.
                    let everyName = Self.kind(of: page.path).hasPrefix("/organizations/N")
                    for finding in checker.findings(inPage: page.body) {
                        if everyName && finding.rule == "english name" { continue }
                        findings[finding.description, default: []].insert("\(login.username) \(page.path)")
                    }
                }
            }
            // validate
            #expect(visited > 9 * 5, "only \(visited) pages reached")
            let report = findings.keys.sorted().map { finding in
                finding + "  ←  " + findings[finding, default: []].sorted().prefix(4).joined(separator: ", ")
            }.joined(separator: "\n")
            #expect(findings.isEmpty, "\(language.rawValue): \(findings.count) untranslated:\n\(report)")
        }
    }

    /// The checker finds each kind of leftover in a page, and nothing in a clean one (so the walk above
    /// cannot pass by finding nothing anywhere).
    @Test func checkerFindsKeysEnglishAndEnglishNames() {
        let checker = UntranslatedText(language: .ky, englishNames: ["Black Fog Union"])
        func rules(_ html: String) -> Set<String> { Set(checker.findings(inPage: html).map(\.rule)) }
        let t = Translator(language: .ky)
        let clean = "<main><h1>\(t("case.list.title"))</h1>"
            + "<p title=\"\(t("case.state"))\">Telegram · SHA-256 · example.kg</p>"
            + "<form method=\"post\" action=\"/language\"><button>English</button></form></main>"
        #expect(rules(clean).isEmpty, "\(checker.findings(inPage: clean))")
        #expect(rules("<td>case_state.blocked</td>").contains("key"))
        #expect(rules("<td>platform.t</td>").contains("key"))
        #expect(rules("<select name=\"platform\"><option value=\"t\">t</option></select>") == ["code"])
        #expect(rules("<select name=\"kind\"><option value=\"website\" selected>website</option></select>")
            .contains("code"))
        #expect(rules("<td>Кара Туман · case.open</td>") == ["key"])
        #expect(rules("<th>\(Translator(language: .en)("case.list.title"))</th>") == ["english"])
        #expect(rules("<a title=\"\(Translator(language: .en)("case.state"))\">x</a>").contains("english"))
        #expect(rules("<li>Blocked cases</li>").contains("english words"))
        #expect(!rules("<li>system</li>").isEmpty)
        #expect(rules("<option>Black Fog Union</option>").contains("english name"))
        #expect(rules("<td>Black Fog Union feed (demo)</td>").isEmpty)
        #expect(rules("<a href=\"/x.rpz\">blocklist.rpz</a>").isEmpty)
        #expect(rules("<option>English</option>").isEmpty)
        #expect(rules("<td>Demo site 3</td>").isEmpty)
        #expect(rules("<td>{&quot;target&quot;:&quot;x&quot;}</td>").contains("json"))
    }

    // MARK: - walking

    /// English names of what has a name in every language: organisations and regions.
    static func englishNames(on db: any Database) async throws -> [String] {
        let organizations = try await Organization.query(on: db).all()
            .filter { $0.nameEn != $0.nameKy && $0.nameEn != $0.nameRu }.map(\.nameEn)
        let regions = try await Region.query(on: db).all()
            .filter { $0.nameEn != $0.nameKy && $0.nameEn != $0.nameRu }.map(\.nameEn)
        return organizations + regions
    }

    /// Gets a page; its body when it is HTML, nil for a download. A server error is a finding.
    static func page(_ path: String, _ browser: Browser, _ who: String, into findings: inout [String: Set<String>])
        async throws -> String?
    {
        let page = try await browser.get(path)
        if page.status.code >= 500 { findings["status \(page.status.code)", default: []].insert("\(who) \(path)") }
        guard page.headers.contentType?.subType == "html" else { return nil }
        return page.body
    }

    /// The links of the main navigation (`<nav>`).
    static func navigationLinks(_ html: String) -> [String] {
        guard let start = html.range(of: "<nav"),
              let end = html.range(of: "</nav>", range: start.upperBound..<html.endIndex)
        else { return [] }
        return links(String(html[start.lowerBound..<end.upperBound]))
    }

    private static let hrefRegex = try! NSRegularExpression(pattern: #"<a\s[^>]*href="(/[^"]*)""#)

    /// Same-site page links, without downloads, API, static files and the language switch.
    static func links(_ html: String) -> [String] {
        let skipped = ["/static/", "/api/", "/logout", "/language", "/l/"]
        let downloads = ["csv", "md", "json", "txt", "rpz", "hosts", "warc", "wacz", "pdf", "zip", "png", "jpg", "jpeg",
                         "webp", "gif", "yaml", "xml", "gz", "tsr", "pem", "sqlite"]
        return hrefRegex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { match in
            guard let range = Range(match.range(at: 1), in: html) else { return nil }
            let href = UntranslatedText.decodeEntities(String(html[range]))
            let path = String(href.prefix { $0 != "?" && $0 != "#" })
            guard !href.hasPrefix("//"), !skipped.contains(where: { path.hasPrefix($0) }) else { return nil }
            if let dot = path.split(separator: "/").last?.split(separator: ".").dropFirst().last,
               downloads.contains(dot.lowercased()) {
                return nil
            }
            return href
        }
    }

    /// One page of each kind: numbers stand for any id, the query is left out.
    static func kind(of href: String) -> String {
        let path = href.prefix { $0 != "?" && $0 != "#" }
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.allSatisfy(\.isNumber) && !$0.isEmpty ? "N" : String($0) }.joined(separator: "/")
    }
}
