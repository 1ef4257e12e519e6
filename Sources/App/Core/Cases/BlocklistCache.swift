import Foundation
import Vapor

/// The block list rendered once per serial and format: it changes only when an order is issued or
/// lifted (`BlockOrderStore` bumps the serial in the same transaction), yet providers and staff fetch
/// it all day. A request reads the serial (one small query) and gets the stored rendering while the
/// serial is the same; a new serial renders again.
actor BlocklistCache {
    private var rendered: [String: BlocklistService.Rendered] = [:]

    func rendering(format: String, zone: String, serial: UInt32) -> BlocklistService.Rendered? {
        guard let entry = rendered[Self.key(format, zone)], entry.serial == serial else { return nil }
        return entry
    }

    /// Keeps `entry` unless a rendering of a newer serial is already kept. Zones are chosen by the
    /// caller, so at most a few dozen renderings are kept; beyond that the store starts again.
    func keep(_ entry: BlocklistService.Rendered, format: String, zone: String) {
        let key = Self.key(format, zone)
        if let kept = rendered[key], kept.serial > entry.serial { return }
        if rendered[key] == nil, rendered.count >= 64 { rendered.removeAll() }
        rendered[key] = entry
    }

    private static func key(_ format: String, _ zone: String) -> String { format + "\u{0}" + zone }
}

struct BlocklistCacheKey: StorageKey {
    typealias Value = BlocklistCache
}

extension Application {
    /// Made by `configure`.
    var blocklistCache: BlocklistCache {
        get { storage[BlocklistCacheKey.self] ?? BlocklistCache() }
        set { storage[BlocklistCacheKey.self] = newValue }
    }
}
