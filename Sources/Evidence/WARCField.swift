import Foundation

/// One named field of a WARC record header, kept in the order it was written.
public struct WARCField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The named fields of a record header. Lookups are case-insensitive, as the standard says.
public struct WARCFields: Sendable, Hashable {
    public var entries: [WARCField]

    public init(_ entries: [WARCField] = []) {
        self.entries = entries
    }

    /// The first value of a field, or nil.
    public subscript(name: String) -> String? {
        entries.first { Self.sameName($0.name, name) }?.value
    }

    public func all(_ name: String) -> [String] {
        entries.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    /// Field names are ASCII tokens: compare bytes, ignoring ASCII case. (Foundation's
    /// `caseInsensitiveCompare` was the largest cost of reading a file.)
    static func sameName(_ a: String, _ b: String) -> Bool {
        let left = a.utf8, right = b.utf8
        guard left.count == right.count else { return false }
        for (x, y) in zip(left, right) where x != y {
            let lx = x >= 0x41 && x <= 0x5a ? x | 0x20 : x
            let ly = y >= 0x41 && y <= 0x5a ? y | 0x20 : y
            if lx != ly { return false }
        }
        return true
    }

    public mutating func append(_ name: String, _ value: String) {
        entries.append(WARCField(name, value))
    }

    /// The header lines in wire form, each ending in CRLF, without the version line or the blank
    /// line. Values are made single-line so that hostile input cannot forge extra fields.
    func serialized() -> String {
        var out = ""
        for field in entries {
            out += "\(WARCFields.sanitize(field.name)): \(WARCFields.sanitize(field.value))\r\n"
        }
        return out
    }

    static func sanitize(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7f }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.value < 0x20 || $0.value == 0x7f ? " " : $0
        }))
    }
}
