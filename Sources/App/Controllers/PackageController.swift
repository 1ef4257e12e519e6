import Evidence
import Foundation
import Vapor

/// A case's evidence package (pages and API) and its court packet (printable page and PDF).
/// Who may have them is decided once, in `CasePackage.find`.
enum PackageController {
    /// `GET /cases/:id/package.wacz` and `GET /api/v1/cases/:id/package.wacz`: the package is
    /// written to a temporary file, streamed, and the file removed once sent.
    @Sendable static func download(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let made = try await CasePackage.make(caseID: try req.idParameter(), user: user, app: req.application)
        let directory = made.directory
        let response: Response
        do {
            response = try await req.fileio.asyncStreamFile(
                at: made.file.path, mediaType: HTTPMediaType(type: "application", subType: "zip"),
                onCompleted: { _ in try? FileManager.default.removeItem(at: directory) })
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"\(made.file.lastPathComponent)\"")
        response.headers.replaceOrAdd(name: "X-Kaiguul-Package-SHA256", value: made.summary.wacz.sha256)
        return response
    }

    /// `GET /cases/:id/court-packet?lang=ky|ru|en`: a standalone printable page.
    @Sendable static func courtPacket(req: Request) async throws -> Response {
        let (user, model) = try await loadPacket(req)
        let html = CourtPacket.render(model)
        try await Custody.record(
            .courtPacketOpen, .caseFile(model.caseID), user: user, sha256: sha256Hex(Array(html.utf8)),
            more: ["lang": model.language.rawValue], app: req.application)
        let response = Response(status: .ok, body: .init(string: html))
        response.headers.contentType = .html
        return response
    }

    /// `GET /cases/:id/court-packet.pdf?lang=…`: the same page printed by headless Chromium; 503
    /// with a plain message when Chromium is not installed.
    @Sendable static func courtPacketPDF(req: Request) async throws -> Response {
        let (user, model) = try await loadPacket(req)
        let pdf: Data
        do {
            pdf = try await CourtPacketPDF.print(html: CourtPacket.render(model, inlineStyle: true))
        } catch CourtPacketPDF.Failure.chromiumMissing {
            throw AppError(status: .serviceUnavailable, message: "court_packet.error.no_chromium")
        } catch let failure as CourtPacketPDF.Failure {
            req.logger.error("\(failure.description)")
            throw AppError(status: .serviceUnavailable, message: "court_packet.error.pdf_failed")
        }
        try await Custody.record(
            .courtPacketDownload, .caseFile(model.caseID), user: user, sha256: sha256Hex(pdf),
            more: ["lang": model.language.rawValue], app: req.application)
        let response = Response(status: .ok, body: .init(data: pdf))
        response.headers.contentType = .pdf
        response.headers.replaceOrAdd(
            name: .contentDisposition,
            value: "inline; filename=\"kaiguul-case-\(model.caseID)-court-packet-\(model.language.rawValue).pdf\"")
        return response
    }

    /// The court packet's stylesheet (the content-security policy allows no inline style).
    @Sendable static func stylesheet(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: CourtPacket.css))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        return response
    }

    private static func loadPacket(_ req: Request) async throws -> (CurrentUser, CourtPacket.Model) {
        let user = try req.requireUser()
        let record = try await CasePackage.find(caseID: try req.idParameter(), user: user, on: req.db)
        let language = CourtPacket.language(req.query[String.self, at: "lang"], fallback: req.language)
        return (user, try await CourtPacket.load(record, language: language, on: req.db))
    }
}
