import Fluent
import Foundation
import MediaMatch
import Vapor

@testable import App

/// The demo's symbols: one invented emblem for each of the two fictional organisations with full
/// knowledge-base entries, drawn here in code (no real organisation's symbol), uploaded the way a
/// person uploads one, so each enters the symbols' media bank. Run before the knowledge entries,
/// which list the symbols they show.
extension DemoData {
    static func seedSymbols(app: Application) async throws {
        guard try await KnowledgeSymbol.query(on: app.db).count() == 0 else { return }
        let actor = AuditActor(id: nil, label: "demo")
        let emblems: [(organization: String, emblem: DemoEmblem, ky: String, ru: String, en: String)] = [
            ("Black Fog Union", .fogCloud,
             "Ойдон чыгарылган эмблема: үч толкун сызыктын үстүндөгү кара булут. Баракчалардын бурчунда жана аватарларда кездешет.",
             "Вымышленная эмблема: чёрное облако над тремя волнистыми линиями. Встречается в углу листовок и на аватарах.",
             "Invented emblem: a black cloud over three wavy lines. Seen in the corner of leaflets and on avatars."),
            ("Green Wind Community", .windWheel,
             "Ойдон чыгарылган эмблема: шакек ичиндеги үч бурулган жашыл канат. Видеолордун башында көрсөтүлөт.",
             "Вымышленная эмблема: три изогнутых зелёных лопасти в кольце. Показывается в начале видеороликов.",
             "Invented emblem: three curved green blades in a ring. Shown at the start of videos."),
        ]
        for e in emblems {
            guard let org = try await Organization.query(on: app.db).filter(\.$nameEn == e.organization).first(),
                  let orgID = org.id else { continue }
            let input = try KnowledgeSymbolInput.validate(
                fields: ["caption_ky": e.ky, "caption_ru": e.ru, "caption_en": e.en, "public": "yes"],
                data: try demoEmblem(e.emblem).jpeg)
            _ = try await KnowledgeSymbolStore.create(input, organizationID: orgID, actor: actor, app: app)
        }
    }

    enum DemoEmblem: Sendable { case fogCloud, windWheel }

    /// A 256×256 emblem as JPEG, with enough edges for a PDQ quality the matcher accepts.
    static func demoEmblem(_ emblem: DemoEmblem) throws -> (image: RGBImage, jpeg: Data) {
        let size = 256
        var pixels = [UInt8](repeating: 0, count: size * size * 3)
        for y in 0..<size {
            for x in 0..<size {
                let rgb: (UInt8, UInt8, UInt8)
                switch emblem {
                case .fogCloud: rgb = fogCloud(x: Double(x), y: Double(y))
                case .windWheel: rgb = windWheel(x: Double(x) - 128, y: Double(y) - 128)
                }
                let i = (y * size + x) * 3
                pixels[i] = rgb.0
                pixels[i + 1] = rgb.1
                pixels[i + 2] = rgb.2
            }
        }
        guard let image = RGBImage(width: size, height: size, pixels: pixels) else {
            throw Abort(.internalServerError, reason: "demo emblem")
        }
        return (image, try JPEGEncoder.encode(image, quality: 92))
    }

    /// A dark cloud of three circles over three wavy bands, on a pale sky that darkens downwards.
    private static func fogCloud(x: Double, y: Double) -> (UInt8, UInt8, UInt8) {
        func inCircle(_ cx: Double, _ cy: Double, _ r: Double) -> Bool { (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r }
        if inCircle(90, 95, 42) || inCircle(140, 80, 52) || inCircle(185, 105, 36) || (y >= 95 && y <= 135 && x >= 70 && x <= 200) {
            return (34, 34, 40)
        }
        for band in 0..<3 {
            let centre = 165 + Double(band) * 28 + 8 * sin(x / 14)
            if abs(y - centre) < 6 { return (30, 30, 36) }
        }
        let shade = UInt8(225 - Int(y / 4))
        return (shade, shade, UInt8(min(255, Int(shade) + 20)))
    }

    /// Three curved green blades inside a green ring, on white.
    private static func windWheel(x: Double, y: Double) -> (UInt8, UInt8, UInt8) {
        let r = (x * x + y * y).squareRoot()
        if r >= 104 && r <= 116 { return (22, 120, 60) }
        if r < 100 && r > 12 {
            let theta = atan2(y, x)
            if sin(3 * theta + r / 18) > 0.35 { return (40, 160, 80) }
        }
        return (250, 250, 246)
    }
}
