import Foundation
import Testing
@testable import Detection

@Suite struct RegistryImportTests {
    @Test func csvIndicatorsWithValidationAndDryRunReport() {
        let csv = #"""
        organization,indicator,language,mode,weight
        kara-tuman,Кара Туман Бирлиги,ky,phrase,3
        kara-tuman,"#КараТуман",,hashtag,2
        kara-tuman,"туман, ""кара""",ky,stem,1.5
        kara-tuman,kara-tuman.example,,domain,2
        ,no organisation,ky,word,1
        kara-tuman,bad weight,ky,word,eleven
        kara-tuman,bad mode,ky,regex,1
        kara-tuman,bad language,kyrgyz!,word,1
        kara-tuman,!!!,ky,word,1
        kara-tuman,Кара Туман Бирлиги,ky,phrase,3
        kara-tuman,extra,ky,word,1,oops
        """#
        let report = RegistryImport.indicators(from: Data(csv.utf8))
        #expect(report.records.map(\.mode) == [.phrase, .hashtag, .stem, .domain])
        #expect(report.records[2].text == "туман, \"кара\"")
        #expect(report.records[2].weight == 1.5)
        #expect(report.records[1].language == nil)
        let errorRows = Set(report.errors.map(\.row))
        #expect(errorRows == [6, 7, 8, 9, 10, 12])
        #expect(report.errors.contains { $0.row == 6 && $0.field == "organization" })
        #expect(report.errors.contains { $0.row == 7 && $0.field == "weight" })
        #expect(report.warnings.contains { $0.row == 11 && $0.message.contains("duplicate") })
        #expect(report.counts["organization:kara-tuman"] == 4)
        #expect(report.summaryLines.contains("valid: 4"))
        #expect(!report.isClean)
    }

    @Test func jsonAndJSONLinesIndicators() {
        let json = #"{"indicators": [{"organisation": "ak-shamal", "indicator": "Ак Шамал", "mode": "word", "#
            + #""weight": 2}]}"#
        let report = RegistryImport.indicators(from: Data(json.utf8))
        #expect(report.records.count == 1)
        #expect(report.records.first?.weight == 2)
        #expect(report.isClean)
        let lines = """
        {"org": "ak-shamal", "value": "@ak_shamal", "type": "handle"}
        {"org": "ak-shamal", "value": "ak-shamal.example", "type": "site", "lang": "ru"}
        """
        let second = RegistryImport.indicators(from: Data(lines.utf8))
        #expect(second.records.map(\.mode) == [.handle, .domain])
        #expect(second.warnings.isEmpty)
    }

    @Test func semicolonCSVWithBOMAndCRLF() {
        let csv = "\u{FEFF}organisation;indicator;mode\r\nkara-tuman;туман;stem\r\n"
        let report = RegistryImport.indicators(from: Data(csv.utf8))
        #expect(report.records.count == 1)
        #expect(report.records.first?.mode == .stem)
    }

    @Test func materialsImport() {
        let csv = """
        id,title,organization,text
        m-1,Invented leaflet,kara-tuman,"Бул ойдон чыгарылган текст, бир нече сөздөн турат."
        m-2,,kara-tuman,text without title here
        m-1,Duplicate id,kara-tuman,another invented text body
        m-3,Too short,kara-tuman,two words
        """
        let report = RegistryImport.materials(from: Data(csv.utf8))
        #expect(report.records.map(\.materialID) == ["m-1"])
        #expect(report.errors.count == 3)
        #expect(report.errors.contains { $0.field == "id" })
    }

    @Test func hostileFilesAreRejectedCleanly() {
        #expect(!RegistryImport.indicators(from: Data([0xFF, 0xFE, 0x00])).isClean)
        #expect(!RegistryImport.indicators(from: Data()).isClean)
        let unterminated = "organization,indicator\nx,\"never closed\n"
        let unterminatedReport = RegistryImport.indicators(from: Data(unterminated.utf8))
        #expect(unterminatedReport.errors.contains { $0.message.contains("quote") })
        let tooBig = RegistryImport.indicators(from: Data(count: 2048), limits: .init(maxFileBytes: 1024))
        #expect(tooBig.errors.first?.message.contains("larger") == true)
        let many = "organization,indicator\n" + String(repeating: "x,y\n", count: 50)
        #expect(RegistryImport.indicators(from: Data(many.utf8), limits: .init(maxRows: 10)).errors
            .contains { $0.message.contains("more than 10 rows") })
        #expect(!RegistryImport.indicators(from: Data("[1, 2]".utf8)).isClean)
    }

    @Test func classifierJSONL() {
        let data = Data("""
        {"text": "Кошул бизге!", "label": "propaganda"}
        not json
        {"text": "", "label": "reporting"}
        {"text": "Жаан жаады", "label": "unrelated"}
        """.utf8)
        let parsed = TextClassifier.parseJSONL(data)
        #expect(parsed.samples.map(\.label) == ["propaganda", "unrelated"])
        #expect(parsed.errors.map(\.row) == [2, 3])
    }
}
