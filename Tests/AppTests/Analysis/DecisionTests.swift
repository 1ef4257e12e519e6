import Detection
import Fluent
import SQLKit
import Testing
import Vapor

@testable import App

@Suite("Analysts' decisions as training labels") struct DecisionTests {
    @Test func decisionsBecomeSamplesAndTrainAClassifier() async throws {
        try await withApp { app in
            // setup: a source and items with invented texts
            let source = try await SourceStore.create(try SourceInput.validate(.init(kind: "website", address: "https://d.example")),
                                                      origin: .analyst, actor: .commandLine, app: app)
            let sql = try #require(app.db as? any SQLDatabase)
            let propaganda = (0..<12).map { "Кара Туман жолуна кошулгула, ураан \($0): биз күчтүүбүз, бириккиле!" }
            let reporting = (0..<12).map { "Ички иштер министрлиги билдирет: Кара Туман уюмунун \($0) мүчөсү кармалды, сот тыюу салган." }
            var ids: [(Int, TriageLabel)] = []
            for (i, text) in (propaganda + reporting).enumerated() {
                struct ID: Decodable { var id: Int }
                let row = try await sql.insert(into: "items")
                    .columns("source_id", "item_key", "text", "media", "version")
                    .values(SQLBind(source), SQLBind("k\(i)"), SQLBind(text), SQLBind("[]"), SQLBind(1))
                    .returning("id").first(decoding: ID.self)
                ids.append((try #require(row).id, i < 12 ? .propaganda : .reporting))
            }
            let analyst = try await app.makeUser("ana", role: .analyst)
            // MUT: every item decided, one decided twice (the second decision wins)
            for (id, label) in ids {
                try await DecisionStore.record(itemID: id, label: label, actor: AuditActor(id: analyst, label: "ana"), app: app)
            }
            try await DecisionStore.record(itemID: ids[0].0, label: .unrelated, actor: AuditActor(id: analyst, label: "ana"), app: app)
            try await DecisionStore.record(itemID: ids[0].0, label: .propaganda, actor: AuditActor(id: analyst, label: "ana"), app: app)
            // validate
            let samples = try await DecisionStore.samples(on: app.db)
            #expect(samples.count == 24)
            #expect(samples.filter { $0.label == "propaganda" }.count == 12)
            let model = try TextClassifier.train(samples: samples)
            #expect(Set(model.labels) == ["propaganda", "reporting"])
            let guess = model.predict("Ички иштер министрлиги билдирет: уюмдун мүчөсү кармалды.")
            #expect(guess.label == "reporting")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "item.decision").count() == 26)
            await #expect(throws: AppError.self) {
                try await DecisionStore.record(itemID: 999_999, label: .propaganda, actor: .commandLine, app: app)
            }
        }
    }
}
