import Exchange
import Fluent
import Foundation
import Vapor

/// The block list as a provider takes it: every format the exporter has, each with the serial and
/// the ETag the API sends for the same bytes, and how to fetch it with a token.
enum BlocklistPage {
    struct Format: Sendable {
        var name: String
        var fileExtension: String
        var mediaType: String
        var etag: String
        var bytes: Int
        /// Where a signed-in person downloads it (`BlocklistController.download`).
        var download: String
        /// The API address a provider's machine fetches, absolute.
        var api: String
    }

    struct Model: Sendable {
        var serial: UInt32
        var changedAt: Date
        var entries: Int
        var formats: [Format]
        /// Whether this account may make itself an API token on the Account page.
        var canMakeToken: Bool
    }

    static func load(request req: Request) async throws -> Model {
        // The same list and the same renderers as `GET /api/v1/blocklist`, so the ETags shown here are
        // the ones the API answers with (and 304s on).
        let list = try await BlocklistService.current(on: req.db)
        // The same address rule as the tracked links people pass on.
        let base = TrackedLink.base(req)
        let formats = BlocklistFormats.all.map { format in
            let body = format.render(list)
            return Format(name: format.name, fileExtension: format.fileExtension, mediaType: format.mediaType,
                          etag: BlocklistETag.of(body), bytes: body.utf8.count,
                          download: "/blocklist/download/\(format.name)",
                          api: base + "/api/v1/blocklist?format=\(format.name)")
        }
        return Model(serial: list.serial, changedAt: list.generatedAt, entries: list.entries.count, formats: formats,
                     canMakeToken: req.can(.create, .apiToken))
    }

    /// `curl` as a provider's script would run it: the token from the environment, the last ETag in
    /// `If-None-Match` so an unchanged list costs a 304, the file written only on 200.
    static func curl(_ format: Format) -> String {
        "curl -fsS -H \"Authorization: Bearer $KAIGUUL_TOKEN\" -H 'If-None-Match: \(format.etag)' "
            + "-o blocklist.\(format.fileExtension) '\(format.api)'"
    }
}
