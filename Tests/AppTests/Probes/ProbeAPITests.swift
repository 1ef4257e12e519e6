import Crypto
import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// The probe API: the signed list, the upload with its bounds, and who may call either.
@Suite("Probe API") struct ProbeAPITests {
    static func probe(_ app: Application, name: String = "Fictional Telecom probe 1", asn: String? = "64500",
                      network: String? = "Fictional Telecom") async throws -> (id: Int, token: String) {
        try await ProbeStore.register(.init(name: name, kind: "provider", asn: asn, networkName: network),
                                      actor: .commandLine, app: app)
    }

    @Test func theListIsSignedWithThePublishedAuditKeyAndAChangedByteFailsIt() async throws {
        try await withApp { app in
            _ = try await ProbeFixtures.order("ak-boroon-fictional.example", app: app)
            let (_, token) = try await Self.probe(app)
            let reply = try await ProbeCaller(app: app, token: token).send(.GET, "blocklist")
            #expect(reply.status == .ok)
            #expect(String(decoding: reply.body, as: UTF8.self).contains("ak-boroon-fictional.example"))
            let signature = reply.headers.first(name: ProbeBlocklist.signatureHeader)
            let fingerprint = reply.headers.first(name: ProbeBlocklist.fingerprintHeader)
            #expect(fingerprint == app.signingKeys.auditPublic.fingerprint)
            let published = app.signingKeys.published
            try ProbeBlocklist.verify(body: reply.body, signature: signature, fingerprint: fingerprint,
                                      published: published, pinned: fingerprint)
            var changed = reply.body
            changed[changed.startIndex + 10] ^= 0x01
            #expect(throws: ProbeBlocklist.Refusal.badSignature) {
                try ProbeBlocklist.verify(body: changed, signature: signature, fingerprint: fingerprint,
                                          published: published, pinned: nil)
            }
            #expect(throws: ProbeBlocklist.Refusal.self) {
                try ProbeBlocklist.verify(body: reply.body, signature: signature, fingerprint: fingerprint,
                                          published: published, pinned: "sha256:" + String(repeating: "0", count: 64))
            }
            // A key the document merely claims to have the right fingerprint is not taken at its word.
            var forged = app.signingKeys.auditPublic
            forged.publicKey = PublishedKey.audit(Curve25519Key.fresh(), created: nil).publicKey
            #expect(throws: ProbeBlocklist.Refusal.unknownKey(fingerprint ?? "")) {
                try ProbeBlocklist.verify(body: reply.body, signature: signature, fingerprint: fingerprint,
                                          published: [forged], pinned: nil)
            }
            let parsed = try ProbeClient.parseList(reply.body, fingerprint: fingerprint ?? "")
            #expect(parsed.targets.map(\.target) == ["ak-boroon-fictional.example"])
        }
    }

    @Test func onlyAnEnabledProbeTokenOpensTheProbeAPI() async throws {
        try await withApp { app in
            let (id, token) = try await Self.probe(app)
            let admin = try await app.makeUser("admin1", role: .admin)
            let userToken = try await app.makeToken(for: admin)
            #expect(try await ProbeCaller(app: app, token: nil).send(.GET, "blocklist").status == .unauthorized)
            #expect(try await ProbeCaller(app: app, token: "kgp_wrong").send(.GET, "blocklist").status == .unauthorized)
            // A person's API token is not a probe's.
            #expect(try await ProbeCaller(app: app, token: nil, bearer: userToken).send(.GET, "blocklist").status
                    == .unauthorized)
            #expect(try await ProbeCaller(app: app, token: token).send(.GET, "blocklist").status == .ok)
            try await ProbeStore.disable(id, actor: .commandLine, app: app)
            let refused = try await ProbeCaller(app: app, token: token).send(.GET, "blocklist")
            #expect(refused.status == .forbidden)
            #expect(refused.json["error"] != nil)
            // Only the digest is stored.
            let stored = try #require(try await Probe.find(id, on: app.db))
            #expect(stored.tokenSHA256 == Token.sha256Hex(token))
            #expect(stored.tokenSHA256 != token && !token.hasPrefix(stored.tokenSHA256))
            #expect(token.hasPrefix(stored.tokenPrefix))
        }
    }

    @Test func verdictsAreTheServersAgainstTheControlAndTheUploadIsAudited() async throws {
        try await withApp { app in
            let blocked = try await ProbeFixtures.order("ak-boroon-fictional.example", app: app)
            let open = try await ProbeFixtures.order("kara-tuman-fictional.example", app: app)
            try await ProbeFixtures.storeControl(blocked, app: app)
            try await ProbeFixtures.storeControl(open, app: app)
            let (probeID, token) = try await Self.probe(app)
            let reply = try await ProbeCaller(app: app, token: token).upload(
                [ProbeFixtures.dnsBlocked(blocked), ProbeFixtures.working(open, resolver: "127.0.0.1:5353")],
                probe: "Fictional Telecom probe 1", serial: 7)
            #expect(reply.status == .created, "\(String(decoding: reply.body, as: UTF8.self))")
            let rows = try await MeasurementRecord.query(on: app.db).filter(\.$vantage == "probe").sort(\.$id).all()
            #expect(rows.count == 2)
            #expect(rows.map(\.verdict) == ["blocked-dns", "accessible"])
            #expect(rows.allSatisfy { $0.probeID == probeID && $0.asn == 64500 && $0.networkName == "Fictional Telecom" })
            #expect(rows.allSatisfy { $0.listSerial == 7 && $0.controlID != nil })
            #expect(try await Probe.find(probeID, on: app.db)?.lastSeenAt != nil)
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "probe.upload").first())
            #expect(audit.objectID == String(probeID))
            // A probe's opinion of its own verdict is never asked: the wire form has no verdict field.
            #expect(!rows[0].raw.contains("verdict"))
        }
    }

    @Test func aProbeSubmitsOnlyForItselfAndOnlyForItsRegisteredNetwork() async throws {
        try await withApp { app in
            let order = try await ProbeFixtures.order("ak-boroon-fictional.example", app: app)
            try await ProbeFixtures.storeControl(order, app: app)
            _ = try await Self.probe(app, name: "Other probe (fictional)")
            let (_, token) = try await Self.probe(app)
            let caller = ProbeCaller(app: app, token: token)
            let other = try await caller.upload([ProbeFixtures.dnsBlocked(order)], probe: "Other probe (fictional)")
            #expect(other.status == .forbidden)
            let elsewhere = try await caller.upload([ProbeFixtures.dnsBlocked(order)], asn: 64999)
            #expect(elsewhere.status == .unprocessableEntity)
            #expect(elsewhere.json["field"] as? String == "asn")
            #expect(try await MeasurementRecord.query(on: app.db).filter(\.$vantage == "probe").count() == 0)
        }
    }

    @Test func aMeasurementOverItsBoundsRefusesTheWholeUploadWithTheFieldsPath() async throws {
        try await withApp { app in
            let order = try await ProbeFixtures.order("ak-boroon-fictional.example", app: app)
            try await ProbeFixtures.storeControl(order, app: app)
            let (_, token) = try await Self.probe(app)
            let caller = ProbeCaller(app: app, token: token)
            var tooMany = ProbeFixtures.working(order)
            tooMany.dns.addresses = (1...(SiteMeasurement.Limits.addresses + 1)).map { "192.0.2.\($0)" }
            let refused = try await caller.upload([ProbeFixtures.dnsBlocked(order), tooMany])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.json["field"] as? String == "measurements[1].dns.addresses")

            var notAnAddress = ProbeFixtures.working(order)
            notAnAddress.tcp[0].address = "192.0.2.10:443"
            #expect(try await caller.upload([notAnAddress]).json["field"] as? String == "measurements[0].tcp[0].address")

            var longTitle = ProbeFixtures.working(order)
            longTitle.http?.title = String(repeating: "я", count: SiteMeasurement.Limits.text + 1)
            #expect(try await caller.upload([longTitle]).json["field"] as? String == "measurements[0].http.title")

            var future = ProbeFixtures.working(order)
            future.measuredAt = Date().addingTimeInterval(86_400)
            #expect(try await caller.upload([future]).json["field"] as? String == "measurements[0].measured_at")

            var wrongTarget = ProbeFixtures.working(order)
            wrongTarget.target = "another-fictional.example"
            #expect(try await caller.upload([wrongTarget]).json["field"] as? String == "measurements[0].target")

            var unknownOrder = ProbeFixtures.working(order)
            unknownOrder.orderID = 9_999
            #expect(try await caller.upload([unknownOrder]).json["field"] as? String == "measurements[0].order_id")

            let many = Array(repeating: ProbeFixtures.dnsBlocked(order), count: SiteMeasurement.Limits.measurementsPerUpload + 1)
            #expect(try await caller.upload(many).json["field"] as? String == "measurements")

            let broken = try await caller.send(.POST, "measurements", body: Data(#"{"measurements": [{"order_id": "x"}]}"#.utf8))
            #expect(broken.status == .badRequest)
            #expect((broken.json["field"] as? String)?.hasPrefix("measurements[0]") == true)

            #expect(try await MeasurementRecord.query(on: app.db).filter(\.$vantage == "probe").count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "probe.upload").count() == 0)
        }
    }

    @Test func aProbeUploadsAtMostItsShareAndAnotherProbeIsNotHeldBack() async throws {
        try await withApp { app in
            app.storage[ProbeUploadLimiterKey.self] = RateLimiter(limit: 1, window: 600)
            let order = try await ProbeFixtures.order("ak-boroon-fictional.example", app: app)
            try await ProbeFixtures.storeControl(order, app: app)
            let (_, first) = try await Self.probe(app)
            let (_, second) = try await Self.probe(app, name: "Second probe (fictional)")
            #expect(try await ProbeCaller(app: app, token: first).upload([ProbeFixtures.dnsBlocked(order)]).status == .created)
            let again = try await ProbeCaller(app: app, token: first).upload([ProbeFixtures.dnsBlocked(order)])
            #expect(again.status == .tooManyRequests)
            #expect(try await ProbeCaller(app: app, token: second).upload([ProbeFixtures.dnsBlocked(order)]).status == .created)
            #expect(try await MeasurementRecord.query(on: app.db).filter(\.$vantage == "probe").count() == 2)
        }
    }

    @Test func anUnregisteredNetworkIsDeclaredOrNone() throws {
        let table = NetworkTable(entries: [
            .init(range: try #require(AddressRange("10.20.0.0/16")), asn: 64501, name: "Invented Net"),
            .init(range: try #require(AddressRange("10.20.30.0/24")), asn: 64502, name: "Invented Net South"),
        ])
        // The longest prefix wins.
        let byTable = try ProbeAttribution.attribute(registeredASN: nil, registeredName: nil, declaredASN: 64999,
                                                     declaredName: "Claimed", address: "10.20.30.4", table: table)
        #expect(byTable == .init(asn: 64502, networkName: "Invented Net South", source: "table"))
        let declared = try ProbeAttribution.attribute(registeredASN: nil, registeredName: nil, declaredASN: 64999,
                                                      declaredName: "Claimed", address: "198.51.100.1", table: table)
        #expect(declared.asn == 64999 && declared.source == "declared")
        let registered = try ProbeAttribution.attribute(registeredASN: 64500, registeredName: "Fictional Telecom",
                                                        declaredASN: nil, declaredName: nil, address: "10.20.30.4",
                                                        table: table)
        #expect(registered.asn == 64500 && registered.source == "registered")
        #expect(throws: AppError.self) {
            try ProbeAttribution.attribute(registeredASN: 64500, registeredName: nil, declaredASN: 64501,
                                           declaredName: nil, address: "10.20.30.4", table: table)
        }
        #expect(table.sameNetwork("10.20.1.1", "10.20.200.1"))
        #expect(!table.sameNetwork("10.20.30.1", "10.20.200.1"))
    }
}

/// A fresh Ed25519 public key, for a forged key document.
enum Curve25519Key {
    static func fresh() -> Curve25519.Signing.PublicKey { Curve25519.Signing.PrivateKey().publicKey }
}

@Suite("Site measurement wire form") struct SiteMeasurementWireTests {
    /// `order_id` and `body_sha256` survive the round trip: snake-case decoding reads acronyms as
    /// `orderId`, so a probe's orders would silently become nil without explicit keys.
    @Test func acronymsSurviveTheRoundTrip() throws {
        var m = SiteMeasurement(orderID: 42, target: "ak-boroon-fictional.example", url: "https://ak-boroon-fictional.example/",
                                measuredAt: Date(timeIntervalSince1970: 1_800_000_000),
                                dns: .init(resolver: "system", addresses: ["192.0.2.1"], rcode: "NOERROR"))
        m.http = .init(url: m.url, status: 200, bodySHA256: String(repeating: "b", count: 64), headers: ["server": "x"])
        let data = try SiteMeasurement.encoder().encode(m)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"order_id\":42") && text.contains("\"body_sha256\""))
        #expect(try SiteMeasurement.decoder().decode(SiteMeasurement.self, from: data) == m)
    }
}
