import Fluent
import Foundation
import MediaMatch
import Vapor

/// The PDQ hash of a page's logo, when the logo was captured with the page (a media capture whose
/// parent is the page). Nothing is fetched for it: a logo nobody captured is no evidence.
enum LogoImage {
    static let maxBytes = 4 * 1_048_576
    /// PDQ's own quality floor: below it the hash of a flat or tiny picture matches too much.
    static let minimumQuality = 50

    static func pdq(of page: SitePage, app: Application) async throws -> String? {
        guard let url = page.logoURL, let pageID = page.capture.id else { return nil }
        let services = try app.monitoring
        // The capture row keeps the address as fetched, which `locate` may have changed.
        let addresses = Array(Set([url, services.locate(url)]))
        guard let capture = try await Capture.query(on: app.db).filter(\.$parentCaptureID == pageID)
            .filter(\.$url ~~ addresses).filter(\.$warcFile != nil).sort(\.$id, .descending).first(),
            let stored = try? StoredResponse.read(capture, directory: services.warcDirectory, maxBodyBytes: maxBytes),
            !stored.cut, (200..<300).contains(stored.status),
            let image = try? ImageDecoder().decode(Data(stored.body)),
            let result = try? PDQHasher.hash(image), result.quality >= minimumQuality
        else { return nil }
        return result.hash.hex
    }
}
