import Foundation
import KaiguulCore
import Testing

@testable import App

/// The audit log shows each action by name in the reader's language; a new action written anywhere in the
/// application without its names would show its code to people. This reads the sources for the actions.
@Suite("Audit actions have names in every language") struct AuditActionNamesTests {
    static func actionsInSources() throws -> Set<String> {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/App")
        let pattern = try NSRegularExpression(pattern: #"action: "([a-z_]+(?:\.[a-z_]+)*)""#)
        var found: Set<String> = []
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift", let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { found.insert(String(text[range])) }
            }
        }
        return found
    }

    @Test func everyActionTheApplicationWritesIsNamed() throws {
        // setup
        // "comment" and "assign" are the case timeline's own events (`CaseStore.addEvent`), not audit actions.
        let written = try Self.actionsInSources().subtracting(["comment", "assign"])
            .union(["candidate.accept", "candidate.reject", "user.enable", "user.disable"])
            .union(CaseAction.Kind.allCases.map { "case.\($0.rawValue)" })
        #expect(written.count > 50, "the sources were not found: \(written.count)")
        for language in Language.allCases {
            let t = Translator(language: language)
            // MUT
            let unnamed = written.filter { AuditIndex.actionName($0, t) == $0 }.sorted()
            // validate
            #expect(unnamed.isEmpty, "\(language): \(unnamed)")
        }
    }

    @Test func detailsReadAsLabelledLinesWithCodesTranslated() {
        // setup
        let t = Translator(language: .ru)
        // MUT
        let lines = AuditIndex.readableDetails(#"{"from":"new","to":"in_review","grounds":"Лозунги"}"#,
                                               objectType: "case", t)
        let older = AuditIndex.readableDetails("not json", objectType: "case", t)
        // validate
        #expect(lines.map { "\($0.label): \($0.value)" }.sorted() == [
            "Новое состояние: \(t("case_state.in_review"))", "Основания: Лозунги", "Прежнее состояние: \(t("case_state.new"))",
        ].sorted())
        #expect(older.map(\.value) == ["not json"])
    }
}
