/// Byte-level helpers for scanning normalised UTF-8 without decoding into `String`.
///
/// The hot loops (indicator matching, shingling) run over bytes; these tables answer "is this a word
/// character" in a lookup for ASCII and two-byte scalars (Latin, Cyrillic, Greek, Arabic), which is
/// nearly all of the text Kaiguul reads.
enum UTF8Scan {
    /// Length of the sequence starting with `lead`; continuation or invalid bytes count as 1 so a scan
    /// always advances.
    @inline(__always)
    static func width(_ lead: UInt8) -> Int {
        if lead < 0xC0 { return 1 }
        if lead < 0xE0 { return 2 }
        if lead < 0xF0 { return 3 }
        if lead < 0xF8 { return 4 }
        return 1
    }

    /// ASCII letters and digits.
    static let asciiWord: [Bool] = (0..<128).map { byte in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Scalars U+0080..U+07FF that are letters, marks or digits.
    static let twoByteWord: [Bool] = (0x80..<0x800).map { value in
        guard let scalar = Unicode.Scalar(UInt32(value)) else { return false }
        return isWordScalar(scalar)
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return asciiWord[Int(scalar.value)] }
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .otherLetter, .modifierLetter:
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func isWordCharacter(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int, width: Int) -> Bool {
        let lead = buffer[index]
        if lead < 0x80 { return asciiWord[Int(lead)] }
        if width == 2, index + 1 < buffer.count {
            let value = (Int(lead & 0x1F) << 6) | Int(buffer[index + 1] & 0x3F)
            return value >= 0x80 ? twoByteWord[value - 0x80] : false
        }
        guard width > 1, index + width <= buffer.count else { return false }
        var value = UInt32(lead) & (width == 3 ? 0x0F : 0x07)
        for offset in 1..<width { value = (value << 6) | (UInt32(buffer[index + offset]) & 0x3F) }
        guard let scalar = Unicode.Scalar(value) else { return false }
        return isWordScalar(scalar)
    }
}

extension UTF8Scan {
    /// Appends the UTF-8 encoding of `value`; surrogates and out-of-range values become U+FFFD.
    @inline(__always)
    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        var value = value
        if (0xD800...0xDFFF).contains(value) || value > 0x10FFFF { value = 0xFFFD }
        switch value {
        case 0..<0x80:
            bytes.append(UInt8(value))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | (value >> 6)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | (value >> 12)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (value >> 18)))
            bytes.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        }
    }
}
