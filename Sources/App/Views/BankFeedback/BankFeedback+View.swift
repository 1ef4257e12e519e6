import Fluent
import Foundation
import Plot
import SQLKit
import Vapor

/// On the item page: each bank match of the item with the analyst's true/false-positive buttons
/// and the verdicts already given. Nothing for a reader who may not give feedback, or an item without bank matches.
enum BankFeedbackSection {
    struct Match: Sendable {
        var signalID: Int
        var signal: BankSignal
        var verdicts: [String]
    }

    static func node(itemID: Int, request req: Request) async throws -> Node<HTML.BodyContext> {
        guard req.can(.update, .hashBank), let sql = req.db as? any SQLDatabase else { return .empty }
        struct Row: Decodable { var id: Int; var kind: String; var details: String }
        let rows = try await sql.raw("""
            SELECT id, kind, details FROM signals WHERE item_id = \(bind: itemID) AND (kind = 'pdq' OR kind LIKE 'exact_%') ORDER BY id
            """).all(decoding: Row.self)
        var matches: [Match] = []
        for row in rows.prefix(100) {
            guard let signal = BankSignal.decode(kind: row.kind, details: row.details) else { continue }
            let verdicts = try await BankFeedback.query(on: req.db).filter(\.$signalID == row.id).sort(\.$id).all().map(\.verdict)
            matches.append(Match(signalID: row.id, signal: signal, verdicts: verdicts))
        }
        guard !matches.isEmpty else { return .empty }
        let t = req.t
        let csrf = CSRFMiddleware.token(for: req)
        return .section(
            .id("bank-feedback"),
            .h2(.txt(t("banks.feedback.title"))),
            .p(.class("muted"), .txt(t("banks.feedback.intro"))),
            .ul(.forEach(matches) { m in
                .li(.attr("data-signal", String(m.signalID)),
                    .code(.txt("\(m.signal.kind):\(m.signal.banked)")), .text(" "), .txt(m.signal.label), .text(" "),
                    .span(.class("muted"), .txt(t("banks.feedback.distance", ["distance": String(m.signal.distance)]))),
                    .text(" "),
                    .forEach(m.verdicts) { v in .span(.class("badge"), .txt(t("banks.verdict.\(verdictKey(v))"))) },
                    .form(.method(.post), .attr("action", "/signals/\(m.signalID)/bank-feedback"), .class("inline"),
                          Forms.csrf(csrf),
                          .button(.type(.submit), .name("verdict"), .value("true_positive"), .txt(t("banks.verdict.true_positive"))),
                          .button(.type(.submit), .name("verdict"), .value("false_positive"), .txt(t("banks.verdict.false_positive")))))
            })
        )
    }

    static func verdictKey(_ raw: String) -> String {
        raw == "false_positive" ? "false_positive" : "true_positive"
    }
}
