import Detection
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Text analysis over the registries") struct AnalysisWiringTests {
    @Test func importedIndicatorsAndMaterialsDriveTheAnalysis() async throws {
        try await withApp { app in
            // setup: a fictional organisation, its indicators and one banned text
            let org = try await OrganizationStore.create(
                try OrganizationInput.validate(.init(name_ky: "Кара Туман Бирлиги", designation: "extremist")),
                actor: .commandLine, app: app)
            let csv = Data("organization,indicator,language,mode,weight\nКара Туман Бирлиги,кара туман,ky,phrase,3\n".utf8)
            let report = RegistryImport.indicators(from: csv)
            #expect(report.isClean)
            #expect(try await RegistryImportStore.importIndicators(report.records, actor: .commandLine, app: app) == 1)
            let bannedText = (0..<60).map { "жалган ураан \($0 % 7) биз бириккен туман караңгы жол" }.joined(separator: " ")
            let materials = RegistryImport.materials(from: Data(#"{"materials":[{"materialID":"m1","title":"Demo tract","text":"\#(bannedText)"}]}"#.utf8))
            #expect(materials.isClean, "\(materials.summaryLines)")
            _ = try await RegistryImportStore.importMaterials(materials.records, actor: .commandLine, app: app)

            // MUT
            let analyzer = try await AnalyzerFactory.make(on: app.db, config: app.kaiguul)
            let analysis = analyzer.analyze("Бүгүн Кара Туман жөнүндө: " + bannedText)

            // validate
            #expect(analysis.language.code == "ky")
            let indicator = analysis.signals.first { $0.kind == .indicator }
            #expect(indicator?.organizationID == String(org))
            #expect(analysis.signals.contains { $0.kind == .nearDuplicate })
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "indicator.import").count() == 1)
        }
    }

    @Test func unknownOrganisationRefusesTheWholeImport() async throws {
        try await withApp { app in
            let csv = Data("organization,indicator,language,mode,weight\nNo Such Org,x-slogan,ky,word,1\n".utf8)
            let report = RegistryImport.indicators(from: csv)
            await #expect(throws: RegistryImportStore.Unresolved.self) {
                _ = try await RegistryImportStore.importIndicators(report.records, actor: .commandLine, app: app)
            }
            let count = try await IndicatorRecord.query(on: app.db).count()
            #expect(count == 0)
        }
    }
}
