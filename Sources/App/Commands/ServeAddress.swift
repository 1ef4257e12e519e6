import Foundation

/// The address `serve` will listen on, read from its command line the way Vapor's serve command reads
/// it (`--hostname/-H`, `--port/-p`, `--bind/-b host:port`), so what is printed before the server
/// starts (the demo's banner) names the address people must open, not a default.
public struct ServeAddress: Equatable, Sendable {
    public var hostname: String
    public var port: Int

    public init(hostname: String, port: Int) {
        self.hostname = hostname
        self.port = port
    }

    /// `defaults`: what the server is configured with when the command line says nothing.
    public static func from(arguments: [String], defaults: ServeAddress) -> ServeAddress {
        var address = defaults
        var index = arguments.startIndex
        func value(after i: Int) -> String? { i + 1 < arguments.endIndex ? arguments[i + 1] : nil }
        while index < arguments.endIndex {
            let argument = arguments[index]
            var name = argument, inline: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            let given = inline ?? value(after: index)
            switch name {
            case "--hostname", "-H":
                if let given { address.hostname = given }
            case "--port", "-p":
                if let given, let port = Int(given), (0...65_535).contains(port) { address.port = port }
            case "--bind", "-b":
                if let given, let colon = given.lastIndex(of: ":") {
                    address.hostname = String(given[..<colon])
                    if let port = Int(given[given.index(after: colon)...]), (0...65_535).contains(port) {
                        address.port = port
                    }
                }
            default:
                break
            }
            index += 1
        }
        return address
    }

    /// The URL to open in a browser; IPv6 literals go in brackets.
    public var url: String {
        let host = hostname.contains(":") && !hostname.hasPrefix("[") ? "[\(hostname)]" : hostname
        return "http://\(host):\(port)"
    }
}
