import Exchange
import Fluent
import Foundation
import KaiguulCore
import MediaMatch
import Vapor

@testable import App

/// The demo's cooperation with partners: a banned poster in the court bank (an image drawn here,
/// fictional), an imported TCAP-style hash list of invented hashes (one of them withdrawn), one
/// fictional partner whose account is the demo `partner` login, and sharing rules for an
/// organisation, the lifted case, the court bank and the imported list, each at its TLP level;
/// then everything is published, so `/taxii2/` and the MISP feed have something to serve.
extension DemoData {
    static let demoPartnerName = "Regional Counter-Extremism Exchange (fictional demo partner)"
    static let demoListName = "Demo partner hash list (fictional)"

    static func seedSharing(app: Application) async throws {
        guard try await Partner.query(on: app.db).count() == 0 else { return }
        let actor = AuditActor(id: nil, label: "demo")
        let orgs = try await Organization.query(on: app.db).sort(\.$id).all()
        guard let fog = orgs.first?.id else { return }

        // A banned poster of the first organisation, drawn here: its PDQ, MD5 and SHA-256 in the court bank.
        let poster = try demoPoster()
        let pdq = try PDQHasher.hash(poster.image)
        let fingerprints = [
            MediaFingerprint(pdq: pdq.hash, label: "Kara Tuman poster (fictional)"),
            try MediaFingerprint(kind: .md5, value: Digest.md5(poster.jpeg), label: "Kara Tuman poster (fictional)"),
            try MediaFingerprint(kind: .sha256, value: Digest.sha256(poster.jpeg), label: "Kara Tuman poster (fictional)"),
        ]
        let report = try await MediaBankStore.importFingerprints(
            fingerprints, materialID: nil, title: "«Кара Туман» плакаты (fictional demo poster)", dryRun: false,
            actor: actor, app: app)
        if let id = report.materialID, let material = try await BannedMaterial.find(id, on: app.db) {
            material.$organization.id = fog
            material.court = "Первомайский районный суд г. Бишкек (демо)"
            material.decisionNumber = "ДЕМО-2022-0019"
            material.decisionDate = "2022-05-11"
            try await material.update(on: app.db)
        }

        // A partner's hash list, TCAP-style, of invented hashes; the second import withdraws one.
        let now = Date()
        func entry(_ n: Int, _ algorithm: String, deleted: Bool = false, at: Date) -> HashListEntry {
            let digest = Digest.sha256(Data("kaiguul demo hash \(n)".utf8))
            return HashListEntry(id: "demo-\(n)", algorithm: algorithm,
                                 digest: algorithm == "MD5" ? String(digest.prefix(32)) : digest,
                                 fileType: n % 2 == 0 ? "image" : "video", labels: ["fictional-demo"], deleted: deleted,
                                 updatedAt: at)
        }
        let first = (1...6).map { entry($0, $0 % 3 == 0 ? "MD5" : "PDQ", at: now.addingTimeInterval(-86_400)) }
        let options = BankImporter.Options(bankName: demoListName, format: "tcap",
                                           provenance: "TCAP-style list of a fictional partner (demo)",
                                           labels: ["fictional-demo"])
        let imported = try await BankImporter.importList(
            HashListPage(entries: first, checkpoint: nil), options: options, actor: actor, app: app)
        _ = try await BankImporter.importList(
            HashListPage(entries: [entry(2, "PDQ", deleted: true, at: now)], checkpoint: nil), options: options,
            actor: actor, app: app)

        // The partner, its account, and what may leave for it.
        let partnerID = try await PartnerStore.create(
            .init(name: demoPartnerName, kind: "international", contact: "liaison@partner.example"),
            actor: actor, app: app)
        if let login = try await User.query(on: app.db).filter(\.$username == "partner").first() {
            try await PartnerStore.attach(userID: login.id, to: partnerID, actor: actor, app: app)
        }
        let courtBank = try await HashBank.query(on: app.db).filter(\.$kind == "court").first()?.id
        let lifted = try await CaseRecord.query(on: app.db).filter(\.$target == "night-wayfarers.example").first()?.id
        let rules: [(SharingSubject, Int?, TLPLevel, String)] = [
            // Titles as a legal officer would type them, in Russian.
            (.organization, fog, .green, "«Союз Чёрного Тумана»: заблокированные сайты и запрещённые материалы"),
            (.case, lifted, .amber, "Форум «Ночных Путников» (блокировка снята по апелляции)"),
            (.bank, courtBank, .amber, "Запрещённые судом материалы"),
            (.bank, imported.bankID, .green, "Хеш-список партнёра в применённом виде"),
        ]
        for (kind, id, tlp, title) in rules {
            guard let id else { continue }
            _ = try await SharingRuleStore.create(
                .init(partnerID: String(partnerID), subjectKind: kind.rawValue, subjectID: String(id), tlp: tlp.rawValue,
                      title: title, note: "Демо-правило."),
                actor: actor, language: .en, app: app)
        }
        _ = try await ExchangePublisher.sync(on: app.db, now: Date())
    }

    /// A 256×256 poster (concentric rings and bars), as JPEG: structured enough for a PDQ quality
    /// well above the matching floor.
    static func demoPoster() throws -> (image: RGBImage, jpeg: Data) {
        let size = 256
        var pixels = [UInt8](repeating: 0, count: size * size * 3)
        for y in 0..<size {
            for x in 0..<size {
                let dx = Double(x - 96), dy = Double(y - 128)
                let ring = Int((dx * dx + dy * dy).squareRoot() / 14) % 2 == 0
                let bar = (x / 32) % 3 == 0 && y > 180
                let i = (y * size + x) * 3
                pixels[i] = ring ? 30 : 200
                pixels[i + 1] = bar ? 220 : (ring ? 30 : 180)
                pixels[i + 2] = UInt8((x + y) / 2)
            }
        }
        guard let image = RGBImage(width: size, height: size, pixels: pixels) else {
            throw Abort(.internalServerError, reason: "demo poster")
        }
        return (image, try JPEGEncoder.encode(image, quality: 90))
    }
}
