import Evidence
import Fluent
import Foundation
import Vapor

/// A WACZ 1.1.1 evidence package of chosen captures (`EvidencePackageWriter`): a new `warcinfo`
/// record, then each capture's request, response and metadata records copied byte for byte from
/// the WARC written at collection, and the custody manifest. `kaiguul archive` packages what it
/// just captured this way; a case's package (`CasePackage`) goes through the same door.
enum EvidencePackage {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Who packaged, for what, and the audit trail the manifest carries.
    struct Subject: Sendable {
        var caseNumber: String
        var title: String
        var description: String?
        var packagedBy: String
        var auditTrail: [CustodyManifest.AuditStep] = []
    }

    /// Packages captures that are already stored; writes nothing to the database (the caller
    /// audits, in its own transaction, what it did with the package).
    static func build(
        captureIDs: [Int], subject: Subject, to destination: URL, on db: any Database,
        services: MonitoringServices, signing: PackageSigning
    ) async throws -> PackageSummary {
        let captures = try await packageCaptures(ids: captureIDs, on: db, warcDirectory: services.warcDirectory)
        guard !captures.isEmpty else { throw Failure(description: "none of the captures has a WARC record") }
        let configuration = await services.warc.configuration
        let info = PackageWarcinfo(
            software: "Kaiguul", version: KaiguulVersion.string,
            operatorName: configuration.operatorName ?? configuration.collector, caseNumber: subject.caseNumber,
            created: Date(), packagedBy: subject.packagedBy, description: subject.description)
        let description = PackageDescription(
            title: subject.title, warcinfo: info, auditTrail: subject.auditTrail,
            collectionTimestamps: collectionTimestamps(of: captures, in: services.warcDirectory, logger: db.logger))
        let writer = Task.detached {
            try await EvidencePackageWriter.write(
                captures: captures, description: description, to: destination, signing: signing)
        }
        return try await writer.value
    }

    /// The RFC 3161 tokens kept beside the WARC files the captures come from. A file without
    /// tokens (no TSA configured, or not closed yet) simply has none; a token that cannot be read
    /// is logged and left out rather than stopping the package.
    static func collectionTimestamps(of captures: [PackageCapture], in directory: URL, logger: Logger)
        -> [CollectionTimestamp]
    {
        var result: [CollectionTimestamp] = []
        for name in Set(captures.map(\.warcFile.lastPathComponent)).sorted() {
            do {
                guard let sidecar = try WARCTimestamps.read(forWARC: name, in: directory) else { continue }
                for token in sidecar.tokens {
                    result.append(CollectionTimestamp(
                        warcFile: name, sha256: sidecar.sha256, size: sidecar.size,
                        response: try token.response(in: directory)))
                }
            } catch {
                logger.warning("timestamps of \(name) left out of the package: \(error)")
            }
        }
        return result
    }

    /// The captures as the package writer wants them, in id order. Rows without a WARC record (a
    /// fetch that got no answer, a request the guard refused) have nothing to package and are left out.
    /// A browser page names its screenshot when that is packaged too.
    static func packageCaptures(ids: [Int], on db: any Database, warcDirectory: URL) async throws
        -> [PackageCapture]
    {
        let ids = Array(Set(ids)).sorted()
        guard !ids.isEmpty else { return [] }
        var rows: [Capture] = []
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            rows += try await Capture.query(on: db).filter(\.$id ~~ chunk).sort(\.$id).all()
        }
        var screenshots: [Int: String] = [:]
        for row in rows where row.role == "screenshot" && row.warcFile != nil {
            if let parent = row.parentCaptureID, screenshots[parent] == nil { screenshots[parent] = row.url }
        }
        var result: [PackageCapture] = []
        for row in rows {
            guard let file = row.warcFile, let offset = row.warcOffset, let length = row.warcLength,
                let url = WARCFileName.url(file, in: warcDirectory), let id = row.id
            else { continue }
            func location(_ offset: Int?, _ length: Int?) -> WARCRecordLocation? {
                guard let offset, let length, offset >= 0, length > 0 else { return nil }
                return WARCRecordLocation(filename: file, offset: UInt64(offset), length: UInt64(length))
            }
            let digests =
                row.recordDigests.flatMap {
                    try? JSONDecoder().decode([String: String].self, from: Data($0.utf8))
                } ?? [:]
            var capture = PackageCapture(
                id: "capture-\(id)", url: row.url, capturedAt: row.fetchedAt, collector: row.collector,
                warcFile: url, request: location(row.requestOffset, row.requestLength),
                response: WARCRecordLocation(filename: file, offset: UInt64(offset), length: UInt64(length)),
                metadata: location(row.metadataOffset, row.metadataLength), recordedDigests: digests,
                isPage: isPage(row))
            if row.isResourceRecord { capture.mainRecordType = "resource" }
            if capture.isPage { capture.screenshotURI = screenshots[id] }
            result.append(capture)
        }
        return result
    }

    /// Roles of rows that are parts of a page or a post, never a page a reader starts from.
    static let partRoles: Set<String> = [
        "media", "subresource", "screenshot", "thumbnail", "dom", "video-info", "video-thumbnail", "subtitles",
    ]

    /// A page a reader starts from: a page's (or its redirect's) response, or a video file — what
    /// yt-dlp fetched of a post is replayed as the video itself.
    static func isPage(_ row: Capture) -> Bool {
        if row.role == "video" { return row.isResourceRecord }
        guard !partRoles.contains(row.role ?? ""), !row.isResourceRecord else { return false }
        return (200..<400).contains(row.httpStatus ?? 0)
    }

    /// `kaiguul archive`'s package: the captures it just made, audited as an export of those captures.
    @discardableResult
    static func write(
        captureIDs: [Int], to destination: URL, title: String = "Kaiguul evidence package",
        actor: AuditActor = .system, app: Application
    ) async throws -> PackageSummary {
        let ids = Array(Set(captureIDs)).sorted()
        guard !ids.isEmpty else { throw Failure(description: "no captures given") }
        let subject = Subject(
            caseNumber: "archive", title: title,
            description: "Captures \(ids.map(String.init).joined(separator: ", "))",
            packagedBy: actor.label)
        let summary = try await build(
            captureIDs: ids, subject: subject, to: destination, on: app.db,
            services: try app.monitoring, signing: try InstancePackageSigning.make(app: app))
        // Named by its first capture (the page `kaiguul archive` captured), so a case that later
        // holds that page lists this package in its custody; `captures` names them all.
        let details = PackageAudit.details(summary, captureIDs: ids)
        do {
            try await app.write { db in
                try await Custody.append(
                    .evidencePackage, .capture(ids[0]), actor: actor,
                    details: Custody.details(
                        sha256: summary.wacz.sha256, caseIDs: [],
                        person: actor.label == AuditActor.commandLine.label ? Custody.commandLinePerson : actor.label,
                        role: nil,
                        more: details),
                    on: db)
            }
        } catch {
            // A package nobody can account for does not stay.
            try? FileManager.default.removeItem(at: destination)
            throw error
        }
        return summary
    }
}

/// What an audit row says about a package: its file, its SHA-256 and every record's block digest.
enum PackageAudit {
    static func details(_ summary: PackageSummary, captureIDs: [Int]) -> [String: String] {
        let records = (summary.manifest.records ?? []).map { record in
            "\(record.capture ?? "package")/\(record.type)=\(record.blockDigest)"
        }
        return [
            "captures": captureIDs.map(String.init).joined(separator: ","),
            "file": summary.wacz.url.lastPathComponent,
            "sha256": summary.wacz.sha256,
            "size": String(summary.wacz.size),
            "records": records.joined(separator: " "),
        ]
    }
}

/// WARC file names from the database are checked before they touch the file system.
enum WARCFileName {
    static func url(_ name: String, in directory: URL) -> URL? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_.")
        guard !name.isEmpty, name.count <= 200, !name.hasPrefix("."), name.allSatisfy(allowed.contains),
            name.hasSuffix(".warc.gz") || name.hasSuffix(".warc")
        else { return nil }
        return directory.appendingPathComponent(name)
    }
}
