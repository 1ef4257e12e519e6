import Foundation
import Testing

@testable import App

@Suite("Tracked links: full address, ready message, WhatsApp link") struct TrackedLinkTests {
    @Test(arguments: [
        ("https://patrol.example.kg/", "ignored.example", "https://patrol.example.kg"),
        ("https://patrol.example.kg", nil, "https://patrol.example.kg"),
        ("", "localhost:8080", "http://localhost:8080"),
        ("", "evil.example/<script>", "http://localhost"),
        ("", "a.example\r\nX: y", "http://localhost"),
        ("", nil, "http://localhost"),
        ("patrol.example.kg", "host.example", "http://host.example"),
    ] as [(String, String?, String)])
    func baseIsThePublicAddressElseAPlainHost(publicURL: String, host: String?, expected: String) {
        // MUT
        let base = TrackedLink.base(publicURL: publicURL, host: host)
        // validate
        #expect(base == expected)
    }

    @Test func whatsAppLinkCarriesTheWholeMessagePercentEncoded() throws {
        // setup: every character that cuts or changes a query value, Kyrgyz letters and a line break
        let message = "Көрүңүз & бөлүшүңүз: «A+B = C?» #1 50%\nhttps://patrol.example.kg/l/Ab3x?x=1"
        // MUT
        let link = TrackedLink.whatsApp(message)
        // validate
        #expect(link.hasPrefix("https://wa.me/?text="))
        let encoded = String(link.dropFirst("https://wa.me/?text=".count))
        #expect(encoded.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~%".contains($0)) })
        #expect(encoded.contains("%26") && encoded.contains("%2B") && encoded.contains("%23") && encoded.contains("%0A"))
        let decoded = URLComponents(string: link)?.queryItems?.first { $0.name == "text" }?.value
        #expect(decoded == message)
    }

    @Test func messageIsInTheGroupsLanguageWithTitleAndFullAddress() {
        let url = "https://patrol.example.kg/l/Ab3xYz9Q"
        var messages: Set<String> = []
        for language in Language.allCases {
            // MUT
            let message = TrackedLink.message(title: "Тынчтык жолу", url: url, language: language)
            // validate
            #expect(message.contains("Тынчтык жолу"))
            #expect(message.hasSuffix(url))
            #expect(!message.contains("{"))
            messages.insert(message)
        }
        #expect(messages.count == 3)
        #expect(TrackedLink.message(title: "T", url: url, language: .ru).contains("поделитесь"))
    }
}
