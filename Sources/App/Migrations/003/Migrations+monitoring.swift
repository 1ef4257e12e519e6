import Fluent

extension Migrations {
    /// Migrations of the monitoring area, in order.
    static let monitoring: [any Migration] = [
        UpdateJobAddLease(), UpdateCaptureAddJob(), UpdateItemAddContent(), CreateCandidateSource(),
    ]
}
