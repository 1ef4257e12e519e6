import Foundation

/// A way of writing the block list for providers. A new format is one new type added to
/// `BlocklistFormats.all`; nothing else changes.
public protocol BlocklistFormat: Sendable {
    /// The name used in `--format` and `?format=` (`rpz`, `hosts`, …).
    var name: String { get }
    /// The `Content-Type` to serve it with.
    var mediaType: String { get }
    var fileExtension: String { get }
    func render(_ list: Blocklist) -> String
}

extension BlocklistFormat {
    public func render(entries: [BlocklistEntry], serial: UInt32, zone: String = Blocklist.defaultZone,
                       generatedAt: Date) throws(BlockTargetError) -> String
    {
        render(try Blocklist(entries: entries, serial: serial, zone: zone, generatedAt: generatedAt))
    }
}

public enum BlocklistFormats {
    public static let all: [any BlocklistFormat] = [RPZFormat(), HostsFormat(), DomainsFormat(), CSVFormat(),
                                                    JSONFormat()]

    public static func named(_ name: String) -> (any BlocklistFormat)? {
        let wanted = name.lowercased()
        return all.first { $0.name == wanted }
    }

    public static var names: [String] { all.map(\.name) }
}
