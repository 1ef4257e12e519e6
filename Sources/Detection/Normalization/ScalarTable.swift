/// Precomputed facts about scalars, packed in one `UInt32` each, so the normaliser's hot loop asks a
/// table instead of the Unicode property database (which costs tens of nanoseconds per question).
/// Covers U+0000..U+07FF (ASCII, Latin, Greek, Cyrillic, Arabic) and General Punctuation; anything
/// else is computed on the spot.
///
/// Layout: bits 0–20 lowercase scalar (0 when lowercasing is not one scalar), 21–23 `Kind`,
/// 24 word character, 25 letter, 26 combining mark, 27–28 script (1 Latin, 2 Cyrillic, 3 Greek).
enum ScalarTable {
    enum Kind: UInt32 {
        case apostrophe = 0, ignorable, space, simple, complex
    }

    static let lowMask: UInt32 = 0x1F_FFFF
    static let wordBit: UInt32 = 1 << 24
    static let letterBit: UInt32 = 1 << 25
    static let markBit: UInt32 = 1 << 26

    static let low: [UInt32] = (0..<0x800).map { compute(UInt32($0)) }
    static let punctuation: [UInt32] = (0x2000..<0x2100).map { compute(UInt32($0)) }

    @inline(__always)
    static func info(_ value: UInt32, _ low: UnsafeBufferPointer<UInt32>) -> UInt32 {
        if value < 0x800 { return low[Int(value)] }
        if value >= 0x2000, value < 0x2100 { return punctuation[Int(value - 0x2000)] }
        return compute(value)
    }

    @inline(__always) static func kind(_ info: UInt32) -> Kind { Kind(rawValue: (info >> 21) & 7) ?? .complex }
    @inline(__always) static func isWord(_ info: UInt32) -> Bool { info & wordBit != 0 }
    @inline(__always) static func isLetter(_ info: UInt32) -> Bool { info & letterBit != 0 }
    @inline(__always) static func isMark(_ info: UInt32) -> Bool { info & markBit != 0 }
    /// 0 none, 1 Latin, 2 Cyrillic, 3 Greek.
    @inline(__always) static func script(_ info: UInt32) -> UInt32 { (info >> 27) & 3 }

    static let apostrophes: Set<UInt32> = [0x60, 0xB4, 0x2B9, 0x2BB, 0x2BC, 0x2BD, 0x2018, 0x2019, 0x201B, 0x2032]

    static func compute(_ value: UInt32) -> UInt32 {
        guard let scalar = Unicode.Scalar(value) else { return Kind.ignorable.rawValue << 21 }
        let properties = scalar.properties
        let kind: Kind
        if apostrophes.contains(value) {
            kind = .apostrophe
        } else if value == 0x09 || value == 0x0A || value == 0x0B || value == 0x0C || value == 0x0D || value == 0x20 {
            kind = .space
        } else if value < 0x20 || value == 0x7F || isIgnorable(scalar) {
            kind = .ignorable
        } else if properties.isWhitespace {
            kind = .space
        } else {
            kind = isSimple(scalar) ? .simple : .complex
        }
        var info = kind.rawValue << 21
        let lower = properties.lowercaseMapping.unicodeScalars
        if lower.count == 1, let only = lower.first { info |= only.value & lowMask }
        if value == 0x130 { info = (info & ~lowMask) | 0x69 }  // Turkish İ lowercases to plain i
        if UTF8Scan.isWordScalar(scalar) { info |= wordBit }
        if value < 0x80 ? ((value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A) : properties.isAlphabetic {
            info |= letterBit
        }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: info |= markBit
        default: break
        }
        let script: UInt32 = switch value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: 1
        case 0x400...0x52F: 2
        case 0x370...0x3FF: 3
        default: 0
        }
        return info | (script << 27)
    }

    static func isIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value == 0xAD || value == 0x34F || value == 0x180E || value == 0xFEFF { return true }
        if (0x200B...0x200F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2060...0x206F).contains(value) || (0xFE00...0xFE0F).contains(value) { return true }
        if value < 0x80 { return false }
        let properties = scalar.properties
        return properties.isDefaultIgnorableCodePoint || properties.isBidiControl
            || properties.generalCategory == .control || properties.generalCategory == .format
    }

    /// NFKC leaves it alone except for a one-letter case change.
    static func isSimple(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return true }
        let properties = scalar.properties
        if !properties.changesWhenNFKCCaseFolded { return true }
        guard properties.changesWhenCaseFolded else { return false }
        let lower = properties.lowercaseMapping.unicodeScalars
        guard lower.count == 1, let only = lower.first else { return false }
        return !only.properties.changesWhenNFKCCaseFolded
    }
}
