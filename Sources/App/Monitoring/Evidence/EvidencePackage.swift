import Evidence
import Fluent
import Foundation
import Vapor

/// A WACZ 1.1.1 package of chosen captures, for a court or an expert.
///
/// Each capture's response record is copied byte for byte (its gzip member, as written at
/// collection) into one new `.warc.gz`, so every record keeps the digests it was hashed with and
/// nothing unrelated that shared its WARC file leaves the building. The cases area calls this for
/// "package of all captures" of a case.
enum EvidencePackage {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    @discardableResult
    static func write(captureIDs: [Int], to destination: URL, title: String = "Kaiguul evidence package",
                      actor: AuditActor = .system, app: Application) async throws -> WACZSummary {
        let ids = Array(Set(captureIDs)).sorted()
        guard !ids.isEmpty else { throw Failure(description: "no captures given") }
        let rows = try await Capture.query(on: app.db).filter(\.$id ~~ ids).sort(\.$id).all()
            .filter { $0.warcFile != nil && $0.warcOffset != nil && $0.warcLength != nil }
        guard !rows.isEmpty else { throw Failure(description: "none of the captures has a WARC record") }
        let services = try app.monitoring
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-package-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let warc = work.appendingPathComponent("kaiguul-package-\(WARCDate.timestamp14(Date())).warc.gz")
        FileManager.default.createFile(atPath: warc.path, contents: nil)
        let handle = try FileHandle(forWritingTo: warc)
        var pages: [WACZPage] = []
        do {
            for row in rows {
                guard let file = row.warcFile, let offset = row.warcOffset, let length = row.warcLength,
                      let source = WARCFileName.url(file, in: services.warcDirectory) else { continue }
                try WARCReader.copyRawRecord(
                    file: source, location: WARCRecordLocation(filename: file, offset: UInt64(offset),
                                                                length: UInt64(length))
                ) { try handle.write(contentsOf: $0) }
                if row.role != "media", let status = row.httpStatus, (200..<400).contains(status) {
                    pages.append(WACZPage(url: row.url, date: row.fetchedAt, id: "capture-\(row.id ?? 0)"))
                }
            }
            try handle.close()
        } catch {
            try? handle.close()
            throw error
        }
        let main = pages.first
        let summary = try WACZWriter.write(
            warcFiles: [warc], pages: pages,
            metadata: WACZMetadata(title: title, description: "Captures \(ids.map(String.init).joined(separator: ", "))",
                                   software: "Kaiguul/\(KaiguulVersion.string)", mainPageURL: main?.url,
                                   mainPageDate: main?.date),
            to: destination)
        try await app.write { db in
            try await AuditLog.append(on: db, actor: actor, action: "evidence.package", objectType: "capture",
                                      objectID: nil, details: ["captures": ids.map(String.init).joined(separator: ","),
                                                               "sha256": summary.sha256,
                                                               "file": destination.lastPathComponent])
        }
        return summary
    }

}

/// WARC file names from the database are checked before they touch the file system.
enum WARCFileName {
    static func url(_ name: String, in directory: URL) -> URL? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_.")
        guard !name.isEmpty, name.count <= 200, !name.hasPrefix("."), name.allSatisfy(allowed.contains),
              name.hasSuffix(".warc.gz") || name.hasSuffix(".warc") else { return nil }
        return directory.appendingPathComponent(name)
    }
}
