import Fluent

extension Migrations {
    /// Migrations of the road from finding to court (triage, case evidence, packages), in order.
    static let evidence: [any Migration] = [
        UpdateCaptureAddRecordGroup(), UpdateCaseEvidenceAddTipAndDigest(), CreateCaseEvidenceIndexes(),
        CreateTriageDismissal(), UpdateIndicatorAddRetirement(),
        UpdateItemAddTriagePriority(), CreateAuditCheckpoint(), CreateAuditAppendOnlyTriggers(),
        CreateCustodyIndexes(),
    ]
}
