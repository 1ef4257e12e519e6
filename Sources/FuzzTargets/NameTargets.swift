import Exchange
import Foundation
import KaiguulCore
import Monitor

/// Domain names, Punycode, URLs, source identities and block targets as an analyst or a court decision
/// types them. Each parse is checked to be stable: what comes out parses again to itself.
enum NameTargets {
    static let domain = FuzzTarget(name: "domain") { bytes in
        let text = FuzzSupport.text(bytes)
        guard let name = try? DomainName.normalize(text) else { return }
        checkDomain(name)
        invariant((try? DomainName.normalize(name)) == name, "normalising \(name) again changes it")
        let unicode = DomainName.unicode(name)
        invariant((try? DomainName.normalize(unicode)) == name, "the Unicode form \(unicode) of \(name) differs")
    }

    static let punycode = FuzzTarget(name: "punycode") { bytes in
        let text = FuzzSupport.text(bytes)
        if let encoded = Punycode.encode(text) {
            invariant(encoded.unicodeScalars.allSatisfy(\.isASCII), "Punycode output is not ASCII")
            invariant(Punycode.decode(encoded).map { Array($0.unicodeScalars) } == Array(text.unicodeScalars),
                         "decode(encode(x)) != x")
        }
        _ = Punycode.decode(text)
    }

    static let url = FuzzTarget(name: "url") { bytes in
        let text = FuzzSupport.text(bytes)
        if let url = try? NormalisedURL.parse(text) {
            let again = try? NormalisedURL.parse(url.string)
            invariant(again == url, "\(url.string) normalises to \(again?.string ?? "an error")")
        }
        for kind in SourceKind.allCases {
            guard let key = try? SourceIdentity.normalise(kind: kind, input: text) else { continue }
            let again = try? SourceIdentity.normalise(kind: kind, input: key)
            invariant(again == key, "\(kind) identity \(key) normalises to \(again ?? "an error")")
        }
        _ = PlatformTable.link(text)
        _ = PlatformTable.account(in: text)
    }

    static let blockTarget = FuzzTarget(name: "block-target") { bytes in
        let text = FuzzSupport.text(bytes)
        guard let target = try? BlockTarget.parse(text) else { return }
        let again = try? BlockTarget.parse(target.canonical)
        invariant(again == target, "\(target.canonical) parses to \(String(describing: again))")
        if let domain = target.blockableDomain { checkDomain(domain) }
    }

    /// A name DNS can carry: lowercase LDH labels of 1-63 octets, at most 253 in all.
    static func checkDomain(_ name: String) {
        invariant(name.utf8.count <= 253, "\(name) longer than 253")
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            invariant((1...63).contains(label.utf8.count), "label \(label) of \(label.utf8.count) octets")
            invariant(label.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d },
                         "label \(label) is not LDH")
        }
    }
}
