import Testing

@testable import MediaMatch

/// What fuzzing found in the media bank importers (the inputs are also replayed by FuzzRegressionTests).
@Suite struct MediaBankFuzzFindingsTests {
    /// A line of separators only split into no parts, and `parts[0]` trapped: one uploaded line brought the
    /// process down. Now it is a reported line like any other bad one.
    @Test func aLineOfSeparatorsOnlyIsReportedNotACrash() {
        // setup
        let text = String(repeating: "a", count: 32) + "\n,,,\n"
        // MUT + validate
        #expect(throws: BankError.self) { try MediaBank.parseHexLines(text, kind: .md5) }
    }
}
