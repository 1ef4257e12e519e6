import Foundation
import KaiguulCore

/// Domain names as DNS and the block list spell them: lowercase ASCII, no trailing dot, Unicode
/// labels turned into `xn--` Punycode by the IDNA ToASCII steps (RFC 5891 §4, with the UTS #46
/// mapping of full-width dots, case folding by lowercasing and NFC).
///
/// Not implemented from IDNA2008: the per-code-point DISALLOWED/CONTEXTO tables and the Bidi rule.
/// Instead a label may hold only letters, combining marks, decimal digits and hyphens, which refuses
/// symbols, punctuation, spaces and every invisible character (zero-width joiners included) — the
/// characters used to dodge filters — at the cost of refusing a few rare names IDNA would allow.
public enum DomainName {
    public static let maxInputLength = 1024
    public static let maxLength = 253
    public static let maxLabelLength = 63

    /// The ASCII form of a domain. `minimumLabels` is 2 for block targets (a TLD is never a target)
    /// and may be 1 for names such as an RPZ zone.
    public static func normalize(_ input: String, minimumLabels: Int = 2) throws(BlockTargetError) -> String {
        guard input.utf8.count <= maxInputLength else { throw .inputTooLong(limit: maxInputLength) }
        var text = String(String.UnicodeScalarView(input.unicodeScalars.map(mapDot)))
        if text.hasSuffix(".") { text.removeLast() }
        guard !text.isEmpty else { throw .empty }
        text = text.precomposedStringWithCanonicalMapping.lowercased().precomposedStringWithCanonicalMapping

        let labels = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var ascii: [String] = []
        for label in labels {
            ascii.append(try asciiLabel(label))
        }
        let name = ascii.joined(separator: ".")
        guard name.utf8.count <= maxLength else { throw .domainTooLong }
        guard ascii.count >= minimumLabels else { throw .singleLabel }
        if let last = ascii.last, last.allSatisfy(\.isASCIIDigit) { throw .numericTopLevel }
        return name
    }

    /// The Unicode form of a normalised domain, for people to read. Labels that do not decode are left
    /// as they are.
    public static func unicode(_ ascii: String) -> String {
        ascii.split(separator: ".", omittingEmptySubsequences: false).map { label in
            guard label.hasPrefix("xn--"), let decoded = Punycode.decode(String(label.dropFirst(4))) else {
                return String(label)
            }
            return decoded
        }.joined(separator: ".")
    }

    private static func mapDot(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x3002, 0xFF0E, 0xFF61: "."
        default: scalar
        }
    }

    private static func asciiLabel(_ label: String) throws(BlockTargetError) -> String {
        guard !label.isEmpty else { throw .emptyLabel }
        if label.unicodeScalars.allSatisfy(\.isASCII) {
            try checkLDH(label)
            if label.hasPrefix("xn--") {
                try checkALabel(label)
            } else if label.count >= 4, label.dropFirst(2).hasPrefix("--") {
                // Hyphens in positions 3-4 are reserved for IDNA prefixes (RFC 5891 §4.2.3.1).
                throw .invalidLabel(label: label)
            }
            return label
        }
        try checkULabel(label)
        guard let encoded = Punycode.encode(label) else { throw .invalidLabel(label: label) }
        let result = "xn--" + encoded
        guard result.utf8.count <= maxLabelLength else { throw .labelTooLong(label: label) }
        return result
    }

    /// Letters, digits, hyphen; no hyphen at either end; at most 63 octets.
    private static func checkLDH(_ label: String) throws(BlockTargetError) {
        guard label.utf8.count <= maxLabelLength else { throw .labelTooLong(label: label) }
        let valid = label.unicodeScalars.allSatisfy { s in
            (s.value >= 0x61 && s.value <= 0x7A) || (s.value >= 0x30 && s.value <= 0x39) || s == "-"
        }
        guard valid else { throw .invalidCharacter }
        guard !label.hasPrefix("-"), !label.hasSuffix("-") else { throw .invalidLabel(label: label) }
    }

    /// An `xn--` label must decode to a valid Unicode label that encodes back to the same text, so
    /// two spellings of one name cannot both reach the block list.
    private static func checkALabel(_ label: String) throws(BlockTargetError) {
        let body = String(label.dropFirst(4))
        // Compared scalar by scalar: String's == treats canonically equivalent text as equal, which let a
        // label decoding to non-NFC text through beside the NFC spelling of the same name.
        guard !body.isEmpty, let decoded = Punycode.decode(body), !decoded.unicodeScalars.allSatisfy(\.isASCII),
              decoded.precomposedStringWithCanonicalMapping.lowercased().precomposedStringWithCanonicalMapping
                .unicodeScalars.elementsEqual(decoded.unicodeScalars),
              Punycode.encode(decoded) == body
        else { throw .invalidPunycode(label: label) }
        do {
            try checkULabel(decoded)
        } catch {
            throw .invalidPunycode(label: label)
        }
    }

    private static func checkULabel(_ label: String) throws(BlockTargetError) {
        guard let first = label.unicodeScalars.first else { throw .emptyLabel }
        guard !isMark(first) else { throw .invalidLabel(label: label) }
        guard !label.hasPrefix("-"), !label.hasSuffix("-") else { throw .invalidLabel(label: label) }
        for scalar in label.unicodeScalars {
            if scalar.isASCII {
                let v = scalar.value
                let ok = (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) || scalar == "-"
                guard ok else { throw .invalidCharacter }
                continue
            }
            switch scalar.properties.generalCategory {
            case .lowercaseLetter, .otherLetter, .modifierLetter, .nonspacingMark, .spacingMark,
                .decimalNumber:
                continue
            default:
                throw .invalidCharacter
            }
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
