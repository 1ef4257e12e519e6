import Foundation
import Testing
import KaiguulCore
import Vapor

@testable import App

/// Behind an https public address (`KAIGUUL_PUBLIC_URL`) every response tells browsers to come back
/// over https only (HSTS); on a plain http address it says nothing, since that would lock people out.
/// (Issue 13, point 9.)
@Suite(.serialized) struct StrictTransportSecurityTests {
    @Test func httpsPublicAddressSendsHSTS() async throws {
        try await withApp { app in
            // setup
            let browser = Browser(app)
            let plain = try await browser.get("/login")
            app.kaiguul.publicURL = "https://kaiguul.example"

            // MUT
            let page = try await browser.get("/login")
            let provider = try await app.makeToken(for: try await app.makeUser("isp1", role: .provider))
            let api = try await APIClient(app: app, token: provider).send(.GET, "/blocklist")

            // validate
            #expect(plain.headers.first(name: "Strict-Transport-Security") == nil)
            #expect(page.headers.first(name: "Strict-Transport-Security") == "max-age=31536000; includeSubDomains")
            #expect(api.headers.first(name: "Strict-Transport-Security") == "max-age=31536000; includeSubDomains")
            app.kaiguul.publicURL = "http://kaiguul.example"
            #expect(try await browser.get("/login").headers.first(name: "Strict-Transport-Security") == nil)
        }
    }

    @Test func thePublicAddressComesFromTheEnvironment() {
        #expect(AppConfig.fromEnvironment(["KAIGUUL_PUBLIC_URL": "https://kaiguul.example"]).publicURL
            == "https://kaiguul.example")
        #expect(AppConfig.fromEnvironment([:]).publicURL == "")
    }
}
