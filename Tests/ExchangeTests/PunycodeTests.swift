import Testing
import KaiguulCore
@testable import Exchange

@Suite("Punycode and IDNA")
struct PunycodeTests {
    /// Sample strings of RFC 3492 §7.1 (A, B, D, L and the Russian one), lowercased.
    static let rfcSamples: [(String, String)] = [
        ("ليهمابتكلموشعربي؟", "egbpdaj6bu4bxfgehfvwxn"),
        ("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"),
        ("Pročprostěnemluvíčesky", "Proprostnemluvesky-uyb24dma41a"),
        ("3年B組金八先生", "3B-ww4c5e180e575a65lsy2b"),
        ("почемужеонинеговорятпорусски", "b1abfaaepdrnnbgefbadotcwatmq2g4l"),
    ]

    @Test(arguments: rfcSamples)
    func rfc3492Samples(unicode: String, ascii: String) {
        #expect(Punycode.encode(unicode) == ascii)
        #expect(Punycode.decode(ascii) == unicode)
    }

    @Test func digitsAreCaseInsensitive() {
        // Section 5: A-Z and a-z are the same digits, as DNS treats them.
        #expect(Punycode.decode("B1ABFAAEPDRNNBGEFBADOTCWATMQ2G4L") == "почемужеонинеговорятпорусски")
    }

    @Test func decodingRejectsWhatIsNotPunycode() {
        #expect(Punycode.decode("abc-д") == nil)       // non-basic before the delimiter
        #expect(Punycode.decode("a!b") == nil)         // not a digit
        #expect(Punycode.decode("99999999999") == nil) // overflow past any code point
        #expect(Punycode.decode("b") == nil)           // ends in the middle of a number
    }

    @Test("IANA's IDN test names and the brief's Cyrillic example")
    func knownDomains() throws {
        #expect(try DomainName.normalize("пример.испытание") == "xn--e1afmkfd.xn--80akhbyknj4f")
        #expect(try DomainName.normalize("пример.кг") == "xn--e1afmkfd.xn--c1an")
        #expect(try DomainName.normalize("президент.рф") == "xn--d1abbgf6aiiy.xn--p1ai")
        #expect(try DomainName.normalize("bücher.example") == "xn--bcher-kva.example")
    }

    @Test func normalisationFoldsCaseDotsAndForms() throws {
        #expect(try DomainName.normalize("ПРИМЕР.Испытание.") == "xn--e1afmkfd.xn--80akhbyknj4f")
        #expect(try DomainName.normalize("Example.KG.") == "example.kg")
        #expect(try DomainName.normalize("пример。испытание") == "xn--e1afmkfd.xn--80akhbyknj4f")
        // "é" as e + combining acute is the same name as the precomposed "é".
        #expect(try DomainName.normalize("cafe\u{301}.example") == DomainName.normalize("caf\u{E9}.example"))
        // An A-label given directly is accepted as it is, and shown back in Unicode.
        #expect(try DomainName.normalize("XN--E1AFMKFD.xn--80akhbyknj4f") == "xn--e1afmkfd.xn--80akhbyknj4f")
        #expect(DomainName.unicode("xn--e1afmkfd.xn--80akhbyknj4f") == "пример.испытание")
    }

    @Test func invalidDomainsAreTypedErrors() {
        let long = String(repeating: "a", count: 64)
        let cases: [(String, BlockTargetError)] = [
            ("", .empty),
            (".", .empty),
            (" example.kg", .invalidCharacter),
            ("\(long).kg", .labelTooLong(label: long)),
            (Array(repeating: "abcdefghi", count: 26).joined(separator: ".") + ".kg", .domainTooLong),
            ("a..kg", .emptyLabel),
            ("kg", .singleLabel),
            ("1.2.3.4", .numericTopLevel),
            ("under_score.kg", .invalidCharacter),
            ("zero\u{200B}width.kg", .invalidCharacter),
            ("joi\u{200D}ner.kg", .invalidCharacter),
            ("-lead.kg", .invalidLabel(label: "-lead")),
            ("ab--cd.kg", .invalidLabel(label: "ab--cd")),
            ("xn--abc-.kg", .invalidLabel(label: "xn--abc-")),
            ("xn--zz.kg", .invalidPunycode(label: "xn--zz")),
            ("xn--abc-123.kg", .invalidPunycode(label: "xn--abc-123")),
            ("\u{301}abc.kg", .invalidLabel(label: "\u{301}abc")),
            ("пр!мер.kg", .invalidCharacter),
        ]
        for (input, error) in cases {
            #expect(throws: error, "\(input.debugDescription)") { try DomainName.normalize(input) }
        }
    }

    @Test func anUnderlongALabelIsCaughtAfterEncoding() {
        // 60 Cyrillic letters fit no 63-octet label once encoded.
        let label = String(repeating: "ж", count: 60)
        #expect(throws: BlockTargetError.labelTooLong(label: label)) { try DomainName.normalize(label + ".kg") }
    }
}
