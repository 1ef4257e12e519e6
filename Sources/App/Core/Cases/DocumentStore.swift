import Evidence
import Fluent
import Foundation
import KaiguulCore
import Vapor

/// Uploaded documents: checked by their first bytes (never by the name or the claimed type), stored
/// once per content in the blob store, and recorded with an audit row; every download is audited too.
enum DocumentStore {
    /// What the first bytes say a file is. Anything else is refused.
    static func sniff(_ data: Data) -> String? {
        let head = [UInt8](data.prefix(4096))
        func starts(_ bytes: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + bytes.count && Array(head[offset..<offset + bytes.count]) == bytes
        }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        if starts([0x50, 0x4B, 0x03, 0x04]) {
            // ODF puts an uncompressed `mimetype` entry first; OOXML names its parts in the zip directory.
            if starts(Array("mimetypeapplication/vnd.oasis.opendocument.text".utf8), at: 30) {
                return "application/vnd.oasis.opendocument.text"
            }
            let tail = [UInt8](data.suffix(65_536))
            if contains(head, "word/") || contains(tail, "word/document.xml") {
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
        return nil
    }

    private static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard bytes.count >= n.count else { return false }
        for i in 0...(bytes.count - n.count) where bytes[i] == n[0] && Array(bytes[i..<i + n.count]) == n {
            return true
        }
        return false
    }

    struct Stored: Sendable {
        var id: Int
        var sha256: String
        var isNewBlob: Bool
    }

    static func store(_ data: Data, filename: String, kind: DocumentKind, caseID: Int, actor: CaseStore.Actor,
                      app: Application) async throws -> Stored
    {
        guard data.count <= app.kaiguul.uploadLimitBytes else {
            throw AppError(status: .payloadTooLarge, message: "error.too_large")
        }
        guard CaseWorkflow.mayWrite(role: actor.role) else { throw AppError.forbidden }
        guard !data.isEmpty else { throw AppError.invalid("file", "error.required") }
        guard let contentType = sniff(data) else { throw AppError.invalid("file", "document.error.type") }
        let blobs = try BlobStore(root: app.kaiguul.blobDirectory)
        let blob = try blobs.put(data)
        let name = cleanName(filename)
        return try await app.write { db in
            guard let record = try await CaseRecord.find(caseID, on: db) else { throw AppError.notFound }
            if actor.role == .expert, record.expertID != actor.userID { throw AppError.notFound }
            let document = DocumentRecord()
            document.sha256 = blob.sha256
            document.size = Int(blob.size)
            document.filename = name
            document.contentType = contentType
            document.kind = kind.rawValue
            document.caseID = caseID
            document.uploadedBy = actor.userID
            document.uploadedAt = Date()
            try await document.create(on: db)
            let id = try document.requireID()
            if kind == .evidence {
                let evidence = CaseEvidence()
                evidence.caseID = caseID
                evidence.kind = "document"
                evidence.note = name
                evidence.documentID = id
                evidence.addedBy = actor.userID
                evidence.addedAt = Date()
                try await evidence.create(on: db)
            }
            try await AuditLog.append(on: db, actor: actor.audit, action: "document.upload", objectType: "document",
                                      objectID: String(id),
                                      details: ["case_id": String(caseID), "sha256": blob.sha256,
                                                "kind": kind.rawValue, "filename": name])
            return Stored(id: id, sha256: blob.sha256, isNewBlob: blob.isNew)
        }
    }

    /// The bytes of a document, after writing the audit row that records who took them.
    static func download(id: Int, actor: CaseStore.Actor, app: Application) async throws -> (DocumentRecord, Data) {
        let document = try await app.write { db -> DocumentRecord in
            guard let document = try await DocumentRecord.find(id, on: db) else { throw AppError.notFound }
            if actor.role == .expert {
                guard let caseID = document.caseID, let record = try await CaseRecord.find(caseID, on: db),
                      record.expertID == actor.userID
                else { throw AppError.notFound }
            }
            try await Custody.append(
                .documentDownload, .document(id), actor: actor.audit,
                details: Custody.details(sha256: document.sha256, caseIDs: document.caseID.map { [$0] } ?? [],
                                         person: actor.label, role: actor.role,
                                         more: ["filename": document.filename]),
                on: db)
            return document
        }
        let blobs = try BlobStore(root: app.kaiguul.blobDirectory)
        let data = try blobs.read(document.sha256, maxBytes: max(app.kaiguul.uploadLimitBytes, 1) + 1_048_576)
        return (document, data)
    }

    /// A file name safe to show and to send back in a header: no paths, no control characters.
    static func cleanName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let visible = last.unicodeScalars.filter { !$0.properties.isWhitespace || $0 == " " }
            .filter { $0.value >= 0x20 && $0.value != 0x7F && $0 != "\"" }
        let text = String(String.UnicodeScalarView(visible)).prefix(200)
        return text.isEmpty ? "document" : String(text)
    }
}
