import Exchange
import Fluent
import Foundation
import KaiguulCore
import Vapor

@testable import App

extension DemoData {
    /// The programme's history (`seedProgramme`) writes its cases as rows, without evidence. A case that
    /// reached a court order must rest on what was seen, and its shared indicator is checked against
    /// the observation of its own capture (`scripts/check-stix.py`): each such case gets a capture of
    /// its fictional target, attached by the demo analyst the way the case page attaches one.
    static func seedHistoryEvidence(app: Application) async throws {
        let ordered = [CaseState.courtOrdered, .blocked, .lifted].map(\.rawValue)
        let cases = try await CaseRecord.query(on: app.db).filter(\.$state ~~ ordered).sort(\.$id).all()
        let held = Set(try await CaseEvidence.query(on: app.db).all().map(\.caseID))
        let bare = cases.filter { $0.id.map { !held.contains($0) } ?? false }
        guard !bare.isEmpty else { return }
        let people = try await CaseFixtures.people(app: app, analyst: "analyst", expert: "expert", legal: "legal")
        let pages = try DemoCasePages(app: app)
        for record in bare {
            guard let id = record.id else { continue }
            let address = (try? BlockTarget.parse(record.target)).flatMap(CaseCapture.address(of:))
                ?? "https://\(record.target)/"
            let page = try await pages.capture(address, title: record.title, sourceID: nil, withItem: false)
            try await CaseEvidenceStore.add(page.selection, caseID: id, note: "Capture of the target (demo history).",
                                            actor: people.analyst, app: app)
        }
    }
}
