import Foundation
@testable import KaiguulFixtures
import MediaMatch
import Vapor

@testable import App

/// Uploading a symbol as a person does: the multipart form with the token first, then the file.
enum SymbolUpload {
    static func post(_ browser: Browser, organizationID: Int, fields: [(String, String)], file: Data,
                     csrf: Bool = true) async throws -> Browser.Page {
        var all = fields
        if csrf { all.insert(("_csrf", try await browser.csrfToken()), at: 0) }
        let body = MaterialUploadTests.multipart(all, file: ("emblem.jpg", file), boundary: "symbolboundary")
        let type = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": "symbolboundary"])
        return try await browser.postRaw("/organizations/\(organizationID)/symbols", body: body, contentType: type)
    }

    static let captions: [(String, String)] = [
        ("caption_ky", "Ойдон чыгарылган эмблема: кара булут"),
        ("caption_ru", "Вымышленная эмблема: чёрное облако"),
        ("caption_en", "Invented emblem: a black cloud"),
    ]

    static func emblem(_ e: DemoData.DemoEmblem) throws -> Data { try DemoData.demoEmblem(e).jpeg }

    /// A uniform grey picture: decodes, but its PDQ hash is too weak to match on.
    static func flat(side: Int) throws -> Data {
        let image = RGBImage(width: side, height: side, pixels: [UInt8](repeating: 128, count: side * side * 3))!
        return try JPEGEncoder.encode(image, quality: 90)
    }
}
