import Evidence
import Foundation
import Vapor

/// The leaflet's PDF, printed once per distinct document: the page is public, and a browser per request
/// would let anyone keep the server busy. Keyed by the SHA-256 of the printed HTML, so a newly approved
/// version (a different document) is printed afresh; a few documents are kept, the oldest dropped.
actor LeafletPDFCache {
    private var stored: [(key: String, pdf: Data)] = []
    private var running: [String: Task<Data, any Error>] = [:]
    static let capacity = 6

    /// `printer` is the browser in production; tests count its calls.
    func pdf(for html: String, printer: @escaping @Sendable (String) async throws -> Data) async throws -> Data {
        let key = sha256Hex(Array(html.utf8))
        if let hit = stored.first(where: { $0.key == key }) { return hit.pdf }
        if let pending = running[key] { return try await pending.value }
        let task = Task { try await printer(html) }
        running[key] = task
        defer { running[key] = nil }
        let pdf = try await task.value
        stored.append((key, pdf))
        if stored.count > Self.capacity { stored.removeFirst(stored.count - Self.capacity) }
        return pdf
    }
}

struct LeafletPDFCacheKey: StorageKey {
    typealias Value = LeafletPDFCache
}

extension Application {
    var leafletPDFCache: LeafletPDFCache {
        get { storage[LeafletPDFCacheKey.self] ?? LeafletPDFCache() }
    }
}

/// The symbol images the printed leaflet embeds: Chromium prints from a file and cannot ask the server.
enum LeafletImages {
    static let maxBytes = 2 * 1_048_576

    static func inline(_ entries: [PublicKnowledgeEntry], blobs: BlobStore?) -> [String: String] {
        var images: [String: String] = [:]
        guard let blobs else { return images }
        for symbol in entries.flatMap(\.symbols) where GuideEntries.isSHA256(symbol.sha256) {
            let sha = symbol.sha256.lowercased()
            guard images[sha] == nil, let data = try? blobs.read(sha, maxBytes: maxBytes), let type = mediaType(data)
            else { continue }
            images[sha] = "data:\(type);base64,\(data.base64EncodedString())"
        }
        return images
    }

    /// By the file's own signature, never by a stored label: only the image kinds a browser shows.
    static func mediaType(_ data: Data) -> String? {
        let head = [UInt8](data.prefix(12))
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: Array("GIF8".utf8)) { return "image/gif" }
        if head.count >= 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) { return "image/webp" }
        return nil
    }
}
