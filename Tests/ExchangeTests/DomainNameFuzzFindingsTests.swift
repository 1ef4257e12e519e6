import Testing

@testable import Exchange

/// What fuzzing found in domain parsing (the inputs are also replayed by FuzzRegressionTests).
@Suite struct DomainNameFuzzFindingsTests {
    /// `xn--db-sequgnidir-dbireirec` decodes to text with combining marks in non-NFC order; String's == called it
    /// equal to its NFC form, so it passed as a label although the NFC spelling of the same name is another
    /// `xn--` label: two spellings of one name on the block list.
    @Test func anALabelDecodingToNonNFCTextIsRefused() throws {
        // setup
        let label = "xn--db-sequgnidir-dbireirec"
        // MUT + validate
        #expect(throws: BlockTargetError.self) { try DomainName.normalize(label + ".kg") }
    }

    /// Whatever is accepted has one spelling: its Unicode form normalises back to it.
    @Test(arguments: ["xn--e1afmkfd.xn--j1aw", "пример.кг", "bücher.example", "xn--bcher-kva.example"])
    func theUnicodeFormNormalisesBack(input: String) throws {
        // setup
        let name = try DomainName.normalize(input)
        // MUT
        let again = try DomainName.normalize(DomainName.unicode(name))
        // validate
        #expect(again == name)
    }
}
