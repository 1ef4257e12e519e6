import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import App

/// The demo's banner names the address `serve` listens on, as its command line gives it.
@Suite("Serve address") struct ServeAddressTests {
    static let defaults = ServeAddress(hostname: "127.0.0.1", port: 8080)

    @Test(arguments: [
        (["kaiguul", "serve"], "http://127.0.0.1:8080"),
        (["kaiguul", "serve", "--port", "9191"], "http://127.0.0.1:9191"),
        (["kaiguul", "serve", "-p", "9192", "-H", "0.0.0.0"], "http://0.0.0.0:9192"),
        (["kaiguul", "serve", "--hostname=10.1.2.3", "--port=81"], "http://10.1.2.3:81"),
        (["kaiguul", "serve", "--bind", "192.168.0.5:8443"], "http://192.168.0.5:8443"),
        (["kaiguul", "serve", "--hostname", "::1", "--port", "8081"], "http://[::1]:8081"),
        (["kaiguul", "serve", "--port", "nonsense"], "http://127.0.0.1:8080"),
        (["kaiguul", "serve", "--port"], "http://127.0.0.1:8080"),
    ])
    func readsTheCommandLine(_ arguments: [String], _ expected: String) {
        #expect(ServeAddress.from(arguments: arguments, defaults: Self.defaults).url == expected)
    }

    @Test func theDemoSeederIsToldTheRealPort() async throws {
        try await withApp { app in
            guard TestBackend.postgresURL == nil else { return }  // the demo runs on SQLite only
            // setup
            let seen = NIOLockedValueBox<ServeAddress?>(nil)
            app.demoSeeder = DemoSeeder { _, address in
                seen.withLockedValue { $0 = address }
                return "seeded"
            }
            app.environment.arguments = ["kaiguul-fixture", "serve", "--hostname", "127.0.0.1", "--port", "9234"]
            // MUT
            try await ServeBootstrap(environment: [:]).willBootAsync(app)
            // validate
            #expect(seen.withLockedValue { $0 }?.url == "http://127.0.0.1:9234")
        }
    }
}
