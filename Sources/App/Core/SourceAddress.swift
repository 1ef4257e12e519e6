import Foundation
import KaiguulCore

/// The identity of a source: one normalised string per watched thing, so the same channel typed
/// as `@name`, `t.me/name` or `https://t.me/s/name/` is registered once.
enum SourceAddress {
    struct Invalid: Error {}

    static func identity(kind: SourceKind, address: String) throws -> String {
        let trimmed = address.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 2000 else { throw Invalid() }
        if kind.isPlatformAccount, trimmed.hasPrefix("@") {
            let handle = String(trimmed.dropFirst()).lowercased()
            guard isHandle(handle) else { throw Invalid() }
            return "\(kind.rawValue):\(handle)"
        }
        var text = trimmed
        if !text.contains("://") { text = "https://" + text }
        guard var comps = URLComponents(string: text), let scheme = comps.scheme?.lowercased(),
              scheme == "http" || scheme == "https", var host = comps.host?.lowercased(), !host.isEmpty,
              comps.user == nil, comps.password == nil
        else { throw Invalid() }
        if host.hasSuffix(".") { host.removeLast() }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        if host.hasPrefix("m.") { host.removeFirst(2) }
        guard host.contains("."), !host.contains(" ") else { throw Invalid() }
        var path = comps.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        if kind.isPlatformAccount {
            var parts = path.split(separator: "/").map(String.init)
            if kind == .telegram, host == "telegram.me" || host == "t.me" {
                if parts.first == "s" { parts.removeFirst() }
                guard let handle = parts.first?.lowercased(), isHandle(handle) else { throw Invalid() }
                return "telegram:\(handle)"
            }
            if let first = parts.first, !first.isEmpty {
                let handle = first.hasPrefix("@") ? String(first.dropFirst()) : first
                if parts.count == 1 || ["channel", "c", "user"].contains(first) == false {
                    return "\(kind.rawValue):\(host)/\(handle.lowercased())"
                }
                if parts.count >= 2 { return "\(kind.rawValue):\(host)/\(first)/\(parts[1])" }
            }
            throw Invalid()
        }
        // Fragments and tracking parameters never change what the page is.
        comps.fragment = nil
        comps.queryItems = comps.queryItems?.filter { !$0.name.lowercased().hasPrefix("utm_") && $0.name != "fbclid" }
        if comps.queryItems?.isEmpty == true { comps.queryItems = nil }
        let port = comps.port.flatMap { ($0 == 80 && scheme == "http") || ($0 == 443 && scheme == "https") ? nil : $0 }
        let query = comps.percentEncodedQuery.map { "?" + $0 } ?? ""
        return "\(host)\(port.map { ":\($0)" } ?? "")\(path)\(query)"
    }

    static func isHandle(_ handle: String) -> Bool {
        !handle.isEmpty && handle.count <= 100
            && handle.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "_.-".unicodeScalars.contains($0) }
    }
}
