import Detection
import Evidence
import Fluent
import Foundation
import SQLKit
import Vapor

/// Takes and keeps site fingerprints (`site_fingerprints`): one row per fingerprinted page capture,
/// written once. A row with `case_id` is a blocked site's, taken from its case's captures.
enum SiteFingerprints {
    struct Stored: Sendable {
        var id: Int
        var captureID: Int?
        var caseID: Int?
        var faviconCaptureID: Int?
        var fingerprint: SiteFingerprint
    }

    /// Fingerprints one page capture under `host` and stores the row; nil when the capture is not an
    /// HTML page. The favicon is read from its capture, or fetched and recorded when `fetchFavicon`.
    static func take(captureID: Int, host: String, caseID: Int?, fetchFavicon: Bool, app: Application) async throws
        -> Stored?
    {
        guard let capture = try await Capture.find(captureID, on: app.db),
              let page = try SitePage.load(capture, app: app) else { return nil }
        let icon = try await FaviconCapture.icon(of: page, fetch: fetchFavicon, app: app)
        var fingerprint = SiteFingerprint.of(host: host, html: page.html, title: page.title, text: page.text,
                                             favicon: icon?.bytes)
        fingerprint.logoPDQ = try await LogoImage.pdq(of: page, app: app)
        let record = SiteFingerprintRecord()
        record.host = fingerprint.host
        record.captureID = captureID
        record.caseID = caseID
        record.faviconMMH3 = fingerprint.faviconHash.map(Int.init)
        record.faviconSHA256 = icon.map { sha256Hex($0.bytes) }
        record.trackerIDs = json(fingerprint.trackerIDs)
        record.title = fingerprint.title
        record.textMinHash = fingerprint.textMinHash.map(SiteFingerprint.hex)
        record.logoPDQ = fingerprint.logoPDQ
        record.tlsNames = json(fingerprint.tlsNames)
        record.createdAt = Date()
        try await app.write { db in try await record.create(on: db) }
        return Stored(id: try record.requireID(), captureID: captureID, caseID: caseID, faviconCaptureID: icon?.captureID,
                      fingerprint: fingerprint)
    }

    /// The fingerprint already taken of the same page content on the same site (an unchanged page
    /// checked again), so a site checked every hour adds a row only when it changes — and is still
    /// compared with sites blocked since.
    static func existing(for capture: Capture, host: String, on db: any Database) async throws -> Stored? {
        guard let sha = capture.payloadSHA256, let sql = db as? any SQLDatabase else { return nil }
        struct Row: Decodable { var id: Int }
        guard let found = try await sql.raw("""
            SELECT f.id FROM site_fingerprints f JOIN captures c ON c.id = f.capture_id \
            WHERE f.host = \(bind: host) AND f.case_id IS NULL AND c.payload_sha256 = \(bind: sha) \
            ORDER BY f.id DESC LIMIT 1
            """).first(decoding: Row.self),
            let record = try await SiteFingerprintRecord.find(found.id, on: db)
        else { return nil }
        let icon = try await record.captureID.asyncFlatMap { page in
            try await Capture.query(on: db).filter(\.$parentCaptureID == page).filter(\.$role == "favicon")
                .filter(\.$warcFile != nil).sort(\.$id, .descending).first()?.id
        }
        return Stored(id: found.id, captureID: record.captureID, caseID: nil, faviconCaptureID: icon,
                      fingerprint: fingerprint(of: record))
    }

    static func fingerprint(of record: SiteFingerprintRecord) -> SiteFingerprint {
        SiteFingerprint(
            host: record.host, faviconHash: record.faviconMMH3.flatMap { Int32(exactly: $0) },
            trackerIDs: strings(record.trackerIDs), title: record.title,
            textMinHash: record.textMinHash.flatMap { SiteFingerprint.signature(hex: $0) },
            logoPDQ: record.logoPDQ, screenshotPDQ: record.screenshotPDQ, tlsNames: strings(record.tlsNames))
    }

    static func json(_ list: [String]) -> String {
        (try? JSONEncoder().encode(list)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    static func strings(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
