import Foundation
import KaiguulCore
import Vapor

/// Reads an upload from a multipart form (`file`, `kind`) or a raw body (`?kind=&filename=`).
struct DocumentUpload {
    var data: Data
    var filename: String
    var kind: DocumentKind

    /// The body was read to a temporary file by `UploadMiddleware`; the bytes are mapped from it.
    static func read(_ req: Request) throws -> DocumentUpload {
        let upload = try req.receivedUpload()
        guard let file = upload.file, file.size > 0, file.field == nil || file.field == "file" else {
            throw AppError.invalid("file", "error.required")
        }
        if file.field != nil {
            return DocumentUpload(data: try file.data(), filename: file.filename ?? "document",
                                  kind: try kind(upload.fields["kind"]))
        }
        return DocumentUpload(data: try file.data(), filename: req.query[String.self, at: "filename"] ?? "document",
                              kind: try kind(req.query[String.self, at: "kind"]))
    }

    /// An expert conclusion or a court decision counts in the workflow, so uploading one needs
    /// the permission for that kind, not only for documents: the conclusion from the expert the
    /// case was referred to, the decision from a legal officer. Checked here for the page and the
    /// API alike.
    func authorizeKind(_ req: Request, on record: CaseRecord) throws {
        let resource: Resource
        switch kind {
        case .evidence: return
        case .expertConclusion: resource = .expertConclusion
        case .courtDecision: resource = .courtDecision
        }
        let (user, scope) = try req.authorize(.create, resource)
        if scope != .all, record.expertID != user.id { throw AppError.forbidden }
    }

    private static func kind(_ text: String?) throws -> DocumentKind {
        guard let kind = text.flatMap(DocumentKind.init(rawValue:)) else {
            throw AppError.invalid("kind", "error.required")
        }
        return kind
    }

    static func response(_ document: DocumentRecord, _ data: Data) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: document.contentType)
        let ascii = document.filename.unicodeScalars.filter { $0.isASCII && $0 != "\"" && $0 != "\\" }
        let encoded = document.filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "document"
        headers.replaceOrAdd(name: .contentDisposition,
                             value: "attachment; filename=\"\(String(String.UnicodeScalarView(ascii)))\"; "
                                 + "filename*=UTF-8''\(encoded)")
        headers.replaceOrAdd(name: "X-Content-SHA256", value: document.sha256)
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
