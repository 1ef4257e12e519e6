import Vapor

extension ProbeControlSource {
    /// The server's own control of the order's target (`BlockVerifier.control`: the latest within
    /// `KAIGUUL_CONTROL_MAX_AGE`, else measured now and stored) and the title the case's evidence captured.
    static let live = ProbeControlSource(
        control: { order, app in try await BlockVerifier.control(for: order, app: app) },
        evidenceTitle: { order, app in try await EvidenceTitle.of(caseID: order.caseID, on: app.db) })
}
