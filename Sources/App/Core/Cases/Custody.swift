import Fluent
import Foundation
import KaiguulCore
import Vapor

/// Custody of evidence: every opening, download and packaging is one audit row, written before a
/// byte leaves. When the row cannot be written the evidence does not leave (the error reaches the
/// reader instead).
///
/// Every custody row has the same shape: the actor is the person (or `cli`/`system`);
/// `objectType`/`objectID` name the evidence (`capture`, `item`, `document`, or `case` for what is
/// made of a whole case); `details` carry `sha256` (the digest of what left: a capture's payload, a
/// media blob, a document, a package, a court packet), `case_ids` (the cases holding the evidence
/// then, comma-separated), `person` (the name the person had then; on the command line, the
/// operating-system user), `role` when a signed-in person did it, and further digests.
///
/// What is not a custody row: the 240-pixel thumbnails of item images (`ThumbnailResponse`). They
/// are pixels we drew, shown inside the item page (whose opening is a row) and many to a triage
/// page; the full-size file is a `media.download` row.
enum Custody {
    enum Kind: String, Sendable, CaseIterable {
        case open, download, package
    }

    /// The custody actions. Their names predate this list (tests, the court packet and the
    /// packages' audit trails read them), so each keeps its name and says its kind here:
    /// `evidence.open` ≙ item.open, capture.open, court_packet.open;
    /// `evidence.download` ≙ capture.download, media.download, document.download, court_packet.download;
    /// `evidence.package` ≙ case.package, evidence.package (`kaiguul archive`).
    struct Action: Sendable, Hashable {
        var name: String
        var kind: Kind

        init(action name: String, _ kind: Kind) {
            self.name = name
            self.kind = kind
        }

        static let itemOpen = Action(action: "item.open", .open)
        static let captureOpen = Action(action: "capture.open", .open)
        static let courtPacketOpen = Action(action: "court_packet.open", .open)
        static let captureDownload = Action(action: "capture.download", .download)
        static let mediaDownload = Action(action: "media.download", .download)
        static let documentDownload = Action(action: "document.download", .download)
        static let courtPacketDownload = Action(action: "court_packet.download", .download)
        static let casePackage = Action(action: "case.package", .package)
        static let evidencePackage = Action(action: "evidence.package", .package)

        static let all: [Action] = [
            itemOpen, captureOpen, courtPacketOpen, captureDownload, mediaDownload, documentDownload,
            courtPacketDownload, casePackage, evidencePackage,
        ]

        static func named(_ name: String) -> Action? { all.first { $0.name == name } }
    }

    /// The evidence a row names.
    enum Object: Sendable, Hashable {
        case item(Int)
        case capture(Int)
        case document(Int)
        /// What is made of a whole case: its package, its court packet.
        case caseFile(Int)

        var type: String {
            switch self {
            case .item: "item"
            case .capture: "capture"
            case .document: "document"
            case .caseFile: "case"
            }
        }

        var id: Int {
            switch self {
            case .item(let id), .capture(let id), .document(let id), .caseFile(let id): id
            }
        }
    }

    /// Cases named in one row; a capture held by more cases than this is rare and the row stays small.
    static let maxCaseIDs = 50

    /// The details of a row: the keys every custody row has, over what else the caller names.
    static func details(
        sha256: String?, caseIDs: [Int], person: String, role: Role?, more: [String: String] = [:]
    ) -> [String: String] {
        var details = more
        details["sha256"] = sha256 ?? ""
        details["case_ids"] = Array(Set(caseIDs)).sorted().prefix(maxCaseIDs).map(String.init).joined(separator: ",")
        details["person"] = String(person.prefix(200))
        details["role"] = role?.rawValue ?? ""
        return details.filter { !$0.value.isEmpty }
    }

    /// How a command-line row names its person: the operating-system user who ran it.
    static var commandLinePerson: String {
        "command line (\((ProcessInfo.processInfo.environment["USER"] ?? "unknown").prefix(64)))"
    }

    /// Appends a row inside the caller's transaction (document downloads, packages).
    static func append(
        _ action: Action, _ object: Object, actor: AuditActor, details: [String: String], on db: any Database
    ) async throws {
        try await AuditLog.append(
            on: db, actor: actor, action: action.name, objectType: object.type, objectID: String(object.id),
            details: details)
    }

    /// Writes the row of a signed-in person's opening or download in its own transaction, naming
    /// the cases that hold the evidence now. Throws when it cannot: the caller then sends nothing.
    static func record(
        _ action: Action, _ object: Object, user: CurrentUser, sha256: String?, more: [String: String] = [:],
        app: Application
    ) async throws {
        let caseIDs = try await cases(holding: object, on: app.db)
        let details = details(
            sha256: sha256, caseIDs: caseIDs, person: "\(user.displayName) (\(user.username))", role: user.role,
            more: more)
        try await app.write { db in
            try await append(action, object, actor: user.auditActor, details: details, on: db)
        }
    }

    /// The cases that hold a piece of evidence (as `EvidenceScope` and the case page's custody
    /// section understand holding).
    static func cases(holding object: Object, on db: any Database) async throws -> [Int] {
        switch object {
        case .item(let id): try await EvidenceScope.casesHolding(.item(id), on: db)
        case .capture(let id): try await EvidenceScope.casesHolding(.capture(id), on: db)
        case .document(let id): try await DocumentRecord.find(id, on: db)?.caseID.map { [$0] } ?? []
        case .caseFile(let id): [id]
        }
    }

    /// The digests a row names for a capture: its payload, its WARC records' block digests and
    /// where the records are.
    static func digests(of capture: Capture?) -> [String: String] {
        guard let capture else { return [:] }
        return [
            "capture_id": capture.id.map(String.init) ?? "", "payload_sha256": capture.payloadSHA256 ?? "",
            "record_digests": capture.recordDigests ?? "", "warc_file": capture.warcFile ?? "",
            "warc_offset": capture.warcOffset.map(String.init) ?? "",
        ]
    }
}
