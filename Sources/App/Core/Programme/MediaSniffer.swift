import Foundation

/// What an uploaded counter-material really is, from its first bytes — never from the file name
/// or the type the browser claims.
enum MediaSniffer {
    struct Kind: Equatable, Sendable {
        var contentType: String
        var material: CounterMaterialKind
    }

    static func sniff(_ data: Data) -> Kind? {
        let b = [UInt8](data.prefix(16))
        func starts(_ bytes: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + bytes.count && Array(b[offset..<(offset + bytes.count)]) == bytes
        }
        if starts([0xFF, 0xD8, 0xFF]) { return Kind(contentType: "image/jpeg", material: .image) }
        if starts([0x89, 0x50, 0x4E, 0x47]) { return Kind(contentType: "image/png", material: .image) }
        if starts(Array("GIF8".utf8)) { return Kind(contentType: "image/gif", material: .image) }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return Kind(contentType: "image/webp", material: .image) }
        if starts(Array("ftyp".utf8), at: 4) { return Kind(contentType: "video/mp4", material: .video) }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return Kind(contentType: "video/webm", material: .video) }
        if starts(Array("ID3".utf8)) || starts([0xFF, 0xFB]) { return Kind(contentType: "audio/mpeg", material: .audio) }
        if starts(Array("OggS".utf8)) { return Kind(contentType: "audio/ogg", material: .audio) }
        if starts(Array("%PDF-".utf8)) { return Kind(contentType: "application/pdf", material: .article) }
        return nil
    }
}
