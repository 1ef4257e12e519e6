import Detection
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// The demo ships detection: indicators, a classifier trained from its labelled items, and captured
/// items at every triage priority, so the triage queue shows every level.
@Suite("Demo detection") struct DemoAnalysisTests {
    @Test func demoHasCapturedItemsAtEveryPriorityAndATrainedClassifier() async throws {
        try await withApp { app in
            // MUT
            _ = try await DemoData.seed(app: app)

            // validate
            #expect(try await IndicatorRecord.query(on: app.db).count() == 6)
            let classifier = try TextClassifierModel(serialized: try Data(contentsOf: AnalyzerFactory.classifierURL(app.kaiguul)))
            #expect(Set(classifier.labels) == Set(TriageLabel.allCases.map(\.rawValue)))
            let sql = try #require(app.db as? any SQLDatabase)
            struct Row: Decodable { var text: String; var triage_level: Int?; var triage_score: Int?; var captured: Int }
            let rows = try await sql.raw("""
                SELECT i.text, i.triage_level, i.triage_score,
                       (SELECT COUNT(*) FROM captures c WHERE c.id = i.capture_id AND c.warc_file IS NOT NULL) AS captured
                FROM items i WHERE EXISTS (SELECT 1 FROM signals s WHERE s.item_id = i.id)
                """).all(decoding: Row.self)
            let queue = rows.filter { row in DemoTexts.queue.contains(row.text) }
            #expect(queue.count == DemoTexts.queue.count)
            #expect(queue.allSatisfy { $0.captured == 1 })
            let levels = Set(queue.compactMap(\.triage_level))
            #expect(levels == [0, 1, 2, 3], "none, low, medium and high: \(levels)")
            struct N: Decodable { var n: Int }
            let labels = try await sql.raw("SELECT COUNT(*) AS n FROM item_labels").first(decoding: N.self)?.n
            #expect(labels == DemoTexts.propaganda.count + DemoTexts.reporting.count + DemoTexts.unrelated.count)
        }
    }
}
