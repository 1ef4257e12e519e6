import Fluent
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// The demo's two fictional organisations have full approved entries in Kyrgyz, Russian and English,
/// with their phrases, symbols and sources public; the first has a second version waiting for legal.
@Suite struct DemoKnowledgeTests {
    @Test func theDemoHasTwoFullApprovedEntriesAndOneAwaitingLegal() async throws {
        try await withApp { app in
            _ = try await DemoData.seed(app: app)
            let entries = try await KnowledgeBase.publicEntries(on: app.db)
            #expect(Set(entries.compactMap { $0.names[.en] }) == ["Black Fog Union", "Green Wind Community"])
            for entry in entries {
                for texts in [entry.ideology, entry.recruitment, entry.recognition] {
                    #expect(Set(texts.keys) == [.ky, .ru, .en])
                }
                #expect(!entry.examplePhrases.isEmpty)
                #expect(!entry.symbols.isEmpty)
                #expect(!entry.publicSources.isEmpty)
                #expect(entry.version == 1)
            }
            let pending = try await KnowledgeEntry.query(on: app.db).filter(\.$status == "submitted").all()
            #expect(pending.map(\.version) == [2])
            // The legal officer sees the pending version's decision form in Kyrgyz.
            let legal = Browser(app)
            try await legal.login("legal", DemoData.password, language: "ky")
            let org = try #require(pending.first?.organizationID)
            let page = try await legal.get("/organizations/\(org)/knowledge/versions/2")
            #expect(page.body.contains("knowledge-approve"))
            #expect(page.body.contains("Бекитүү"))
        }
    }
}
