import Evidence
import Foundation
import Vapor

/// The public "recognise and report" guide (`/guide`), its leaflet (`/guide/leaflet`) and the leaflet's
/// PDF (`/guide/leaflet.pdf`), all `?lang=ky|ru|en`; no sign-in. What they show comes from
/// `GuideEntries` only.
enum GuideController {
    static func register(_ app: Application) {
        app.storage[LeafletPDFCacheKey.self] = LeafletPDFCache()
        app.get("guide", use: show)
        app.get("guide", "leaflet", use: leaflet)
        app.get("guide", "leaflet.pdf", use: leafletPDF)
        app.get("static", "guide.css", use: { _ in stylesheet(GuideStyle.css) })
        app.get("static", "guide-leaflet.css", use: { _ in stylesheet(GuideLeaflet.css) })
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let language = Guide.language(req.query[String.self, at: "lang"], fallback: req.language)
        let entries = try await GuideEntries.load(on: req.db)
        req.language = language
        return req.page(req.t("guide.title"), Guide.view(.init(entries: entries, language: language)))
    }

    @Sendable static func leaflet(req: Request) async throws -> Response {
        let model = try await leafletModel(req)
        let response = Response(status: .ok, body: .init(string: GuideLeaflet.render(model)))
        response.headers.contentType = .html
        return response
    }

    /// 503 with a plain message when Chromium is missing or busy: the HTML leaflet still prints from a browser.
    @Sendable static func leafletPDF(req: Request) async throws -> Response {
        var model = try await leafletModel(req)
        model.inlineImages = LeafletImages.inline(model.entries, blobs: try? BlobStore(root: req.kaiguul.blobDirectory))
        let html = GuideLeaflet.render(model, inlineStyle: true)
        let pdf: Data
        do {
            pdf = try await req.application.leafletPDFCache.pdf(for: html) { try await LeafletPrinter.printer.print(html: $0) }
        } catch ChromiumPrinter.Failure.chromiumMissing {
            throw AppError(status: .serviceUnavailable, message: "guide.error.no_chromium")
        } catch let failure as ChromiumPrinter.Failure {
            req.logger.error("\(failure.description)")
            throw AppError(status: .serviceUnavailable, message: "guide.error.pdf_failed")
        }
        let response = Response(status: .ok, body: .init(data: pdf))
        response.headers.contentType = .pdf
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "inline; filename=\"kaiguul-guide-\(model.language.rawValue).pdf\"")
        return response
    }

    private static func leafletModel(_ req: Request) async throws -> GuideLeaflet.Model {
        let language = Guide.language(req.query[String.self, at: "lang"], fallback: req.language)
        return GuideLeaflet.Model(entries: try await GuideEntries.load(on: req.db), language: language,
                                  base: TrackedLink.base(req))
    }

    private static func stylesheet(_ css: String) -> Response {
        let response = Response(status: .ok, body: .init(string: css))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        return response
    }
}
