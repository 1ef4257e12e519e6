import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// `kaiguul probe`'s client against a server on loopback: the list verified against the published key,
/// the upload attributed through the networks table by the address it really came from.
@Suite("Probe client") struct ProbeClientTests {
    @Test func downloadsVerifiesAndUploadsOverHTTP() async throws {
        try await UploadBodyTests.withServer { app, port in
            let order = try await ProbeFixtures.order("ak-boroon-fictional.example", app: app)
            try await ProbeFixtures.storeControl(order, app: app)
            try await NetworkStore.save([.init(prefix: "127.0.0.0/8", asn: 64510, name: "Invented Loopback Net")],
                                        actor: .commandLine, app: app)
            let (_, token) = try await ProbeStore.register(.init(name: "Loopback volunteer", kind: "volunteer"),
                                                           actor: .commandLine, app: app)
            let server = "http://127.0.0.1:\(port)"
            let pinned = app.signingKeys.auditPublic.fingerprint
            let client = ProbeClient(server: server, token: token, pinnedFingerprint: pinned, client: app.client)
            let list = try await client.downloadList()
            #expect(list.targets.map(\.orderID) == [try order.requireID()])
            #expect(list.fingerprint == pinned)

            let stranger = ProbeClient(server: server, token: token,
                                       pinnedFingerprint: "sha256:" + String(repeating: "1", count: 64), client: app.client)
            await #expect(throws: ProbeClient.Failure.self) { try await stranger.downloadList() }
            let nobody = ProbeClient(server: server, token: "kgp_nobody", pinnedFingerprint: nil, client: app.client)
            await #expect(throws: ProbeClient.Failure.self) { try await nobody.downloadList() }

            // Declared as another network: the table knows the address, so the table wins.
            let receipts = try await client.upload([ProbeFixtures.dnsBlocked(order)], serial: list.serial, asn: 64999,
                                                   networkName: "Claimed")
            #expect(receipts.first?.verdicts.map(\.verdict) == ["blocked-dns"])
            #expect(receipts.first?.asn == 64510 && receipts.first?.network_name == "Invented Loopback Net")
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "probe.upload").first())
            #expect(audit.details.contains("127.0.0.1"))
        }
    }
}
