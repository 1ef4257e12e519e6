import Foundation
import Plot
import Vapor

/// The screenshots and videos of a case's evidence: for each piece whose capture (or whose item's
/// capture) was made in a browser or by yt-dlp, what it kept, in the order of the evidence timeline.
struct CapturedEvidence: Sendable {
    /// In evidence order: the evidence row's id and the capture the view hangs off.
    var order: [(evidenceID: Int, anchorID: Int)] = []
    var views: [Int: CapturedView] = [:]
    var text: [Int: CapturedVideoText] = [:]

    /// Video texts read per page at most (each is a WARC read).
    static let maxVideoTexts = 20

    static func load(entries: [CaseEvidenceEntry], app: Application) async throws -> CapturedEvidence {
        var result = CapturedEvidence()
        var anchors: [(Int, Int)] = []
        for entry in entries {
            guard let evidenceID = entry.row.id,
                  let anchor = entry.capture?.id ?? entry.item?.captureID else { continue }
            anchors.append((evidenceID, anchor))
        }
        guard !anchors.isEmpty else { return result }
        result.views = try await CapturedView.load(anchors: anchors.map(\.1), on: app.db)
        var seen = Set<Int>()
        result.order = anchors.filter { result.views[$0.1] != nil && seen.insert($0.1).inserted }
            .map { (evidenceID: $0.0, anchorID: $0.1) }
        let directory = try app.monitoring.warcDirectory
        for (_, anchor) in result.order.prefix(maxVideoTexts) {
            guard let view = result.views[anchor], view.info != nil || !view.subtitles.isEmpty else { continue }
            result.text[anchor] = CapturedVideoText.read(view, warcDirectory: directory)
        }
        return result
    }
}

extension CaseShow {
    static func capturedSection(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        guard !m.captured.order.isEmpty else { return .empty }
        return .section(
            .id("captured"),
            .h2(.txt(t("capture.screenshot.title"))),
            .forEach(m.captured.order) { entry in
                .unwrap(m.captured.views[entry.anchorID]) { view in
                    .div(.attr("data-evidence-id", String(entry.evidenceID)),
                         CapturedView.view(view, text: m.captured.text[entry.anchorID], request: request))
                }
            }
        )
    }
}
