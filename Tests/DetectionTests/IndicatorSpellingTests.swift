import Foundation
import Testing
@testable import Detection

/// Names and aliases become indicators by their spelling; the importer takes registered aliases
/// as they are written.
@Suite struct IndicatorSpellingTests {
    @Test(arguments: [
        ("#каратуман", IndicatorMode.hashtag), ("@karatuman_info", .handle), ("t.me/karatuman_info", .handle),
        ("https://telegram.me/karatuman_info", .handle), ("karatuman-demo.example", .domain),
        ("https://www.karatuman-demo.example/join", .domain), ("Кара Туман Бирлиги", .phrase), ("Kara Туман", .phrase),
        ("К.Т.Б.", .word), ("каратуман", .stem), ("KaraТуман", .stem), ("КТБ", .word),
    ])
    func modeFollowsTheSpelling(text: String, mode: IndicatorMode) {
        #expect(IndicatorSpelling.mode(of: text) == mode)
    }

    @Test func organisationNamesAndAliasesMatchTheirForms() {
        // setup
        let indicators = IndicatorSpelling.indicators(
            organizationID: "7", names: ["Кара Туман Бирлиги", "", "Kara Tuman Union"],
            aliases: ["#каратуман", "@karatuman_info", "KaraТуман", "karatuman-demo.example", "#КАРАТУМАН", "!!!"])

        // MUT
        let matcher = IndicatorMatcher(indicators: indicators)
        func fires(_ text: String) -> Bool { matcher.matches(in: text).contains { $0.organizationID == "7" } }

        // validate: each spelling once (the mixed-script alias also as plain "karatuman"), the unmatchable one left out
        #expect(indicators.count == 7)
        #expect(fires("Кара Туман Бирлигине кошулгула"))
        #expect(fires("Join the Kara Tuman Union today"))
        #expect(fires("баарыбыз #каратуман"))
        #expect(fires("жазылгыла @karatuman_info"))
        #expect(fires("каратумандын жолу"))
        #expect(fires("karatuman жолу"))
        #expect(fires("https://karatuman-demo.example/join"))
        #expect(!fires("туман түштү, кара булут"))
    }

    @Test func registeredAliasesImportAsWritten() {
        // setup: the alias the command line refused, with no mode and with a word mode
        let csv = "organization,indicator,language,mode\nКара Туман,#каратуман,ky,\nКара Туман,@karatuman_info,,word\n"

        // MUT
        let report = RegistryImport.indicators(from: Data(csv.utf8))

        // validate
        #expect(report.isClean, "\(report.summaryLines)")
        #expect(report.records.map(\.mode) == [.hashtag, .handle])
        #expect(report.recordRows == [2, 3])
        #expect(report.warnings.count == 2)
    }
}
