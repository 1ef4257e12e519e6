import Fluent
import Foundation
import Testing
import Vapor

@testable import App

/// The sender of a public tip gets a reference, and with it (only) the tip's state.
@Suite("Tip references") struct TipReferenceTests {
    @Test func referencesAreRandomGroupedAndReadBackAsTyped() {
        var seen = Set<String>()
        for _ in 0..<2_000 {
            let reference = TipReference.make()
            #expect(reference.range(of: #"^T-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$"#, options: .regularExpression) != nil,
                    "\(reference)")
            seen.insert(reference)
            #expect(TipReference.normalise(reference) == reference)
            #expect(TipReference.normalise(" " + reference.lowercased().replacingOccurrences(of: "-", with: " ")) == reference)
        }
        #expect(seen.count == 2_000)
        for typed in ["", "T-", "T-ABCD-EFG", "T-ABCD-EFGHJ", "T-ABCD-EFG0", "T-ABCD-EFGI", "'; DROP TABLE tips",
                      String(repeating: "A", count: 1_000)] {
            #expect(TipReference.normalise(typed) == nil, "\(typed.prefix(20))")
        }
    }

    @Test func aPublicTipShowsItsReferenceAndItsStateCanBeLookedUp() async throws {
        try await withApp { app in
            // setup
            let visitor = Browser(app)
            try await visitor.get("/tip")
            // MUT
            let page = try await visitor.post("/tip", [("urls", "https://fictional-site.example/post/7"),
                                                       ("comment", "Invented slogans"), ("website", "")])
            // validate: the page names the stored reference.
            #expect(page.status == .ok)
            let tip = try #require(try await Tip.query(on: app.db).first())
            let reference = try #require(tip.reference)
            #expect(page.body.contains("id=\"tip-reference\">\(reference)<"), "\(page.body.prefix(3_000))")
            // The state is found by the reference typed loosely, and shows nothing of what is behind the tip.
            let loose = reference.lowercased().replacingOccurrences(of: "-", with: " ")
            let lookup = try await Browser(app).get("/tip/status?reference=\(loose.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(lookup.status == .ok)
            #expect(lookup.body.contains("data-status=\"received\""), "\(lookup.body.prefix(2_000))")
            #expect(!lookup.body.contains("fictional-site.example"))
            // A reference that was never given is not found.
            let unknown = try await Browser(app).get("/tip/status?reference=T-2222-2222")
            #expect(unknown.status == .notFound)
            #expect(!unknown.body.contains("data-status"))
        }
    }

    @Test func lookupsAreRateLimitedPerAddress() async throws {
        try await withApp { app in
            // setup
            app.storage[TipLookupLimiterKey.self] = RateLimiter(limit: 3, window: 600)
            let visitor = Browser(app)
            // MUT
            var statuses: [HTTPResponseStatus] = []
            for _ in 0..<5 { statuses.append(try await visitor.get("/tip/status?reference=T-2222-2223").status) }
            // validate
            #expect(statuses == [.notFound, .notFound, .notFound, .tooManyRequests, .tooManyRequests])
        }
    }

    @Test func theLoginPageLinksToTheTipForm() async throws {
        try await withApp { app in
            let page = try await Browser(app).get("/login")
            #expect(page.body.contains("id=\"tip-link\" href=\"/tip\""), "\(page.body.prefix(2_000))")
        }
    }
}
