import Foundation
import Plot
import Vapor

/// What the evidence pages say of a capture's trusted timestamp: the tokens its WARC file got, that
/// one is pending (authorities configured, file still open or not yet answered), or — with no
/// authority configured — that captures are hashed but not timestamped.
enum EvidenceTimestamp: Equatable {
    case notConfigured
    case pending
    case stamped(fileSHA256: String, tokens: [StoredToken])

    /// The state for a capture whose records are in `warcFile` (reads the file's sidecar).
    static func of(warcFile: String?, app: Application) -> EvidenceTimestamp {
        let directory = WARCTimestamps.directory(for: app.kaiguul)
        if let warcFile, let kept = try? WARCTimestamps.read(forWARC: warcFile, in: directory), !kept.tokens.isEmpty {
            return .stamped(fileSHA256: kept.sha256, tokens: kept.tokens)
        }
        return app.timestampAuthorities.isConfigured ? .pending : .notConfigured
    }

    /// The notice for a list of evidence: shown only while no authority is configured.
    static func notice(app: Application, t: Translator) -> Node<HTML.BodyContext> {
        guard !app.timestampAuthorities.isConfigured else { return .empty }
        return .p(.class("alert"), .id("timestamp-notice"), .attr("role", "note"), .txt(t("timestamp.not_configured")))
    }

    /// The facts for one capture (inside a `dl`).
    static func facts(_ state: EvidenceTimestamp, t: Translator) -> Node<HTML.DescriptionListContext> {
        let value: Node<HTML.BodyContext>
        switch state {
        case .notConfigured:
            value = .span(.class("alert"), .id("timestamp-notice"), .txt(t("timestamp.not_configured")))
        case .pending:
            value = .span(.class("muted"), .id("timestamp-pending"), .txt(t("timestamp.pending")))
        case .stamped(let sha256, let tokens):
            value = .div(
                .id("timestamp-tokens"),
                .ul(.forEach(tokens) { token in
                    .li(.attr("data-tsa", token.tsa),
                        .txt(t("timestamp.stamped", ["time": Formats.dateTime(token.genTime), "tsa": token.tsa])))
                }),
                .div(.class("muted"), .txt(t("timestamp.file_sha256") + " "), .code(.class("hash"), .txt(sha256))))
        }
        return .group(.dt(.txt(t("timestamp.title"))), .dd(value))
    }
}
