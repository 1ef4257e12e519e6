import Fluent
import Vapor

enum Migrations {
    /// Every migration, in the order it was written: one list, so a fresh database and one upgraded
    /// release by release run them in the same order. Fluent remembers each by its type name, so a
    /// type is never renamed and the list only grows at its end. Numbers count from the first.
    static let all: [any Migration] = [
        // 1–34, release 1: the programme's tables
        CreateUser(), CreateApiToken(), CreateSession(), CreateLoginAttempt(), CreateAuditLog(), CreateAuditHead(),
        CreateRegion(), SeedRegions(), CreateOrganization(), CreateBannedMaterial(), CreateMaterialFingerprint(),
        CreateIndicator(), CreateSource(), CreateCapture(), CreateItem(), CreateSignal(), CreateCase(),
        CreateDocument(), CreateCaseEvent(), CreateCaseEvidence(), CreateCourtDecision(), CreateBlockOrder(),
        CreateReachabilityCheck(), CreateTip(), CreateVolunteer(), CreateVolunteerGroup(), CreateGroupMember(),
        CreateTraining(), CreateTrainingAttendance(), CreateCounterMaterial(), CreateDistribution(),
        CreateLinkClick(), CreateJob(), CreateIndexes(),
        // 35–43, release 1: block list serial, the crawl's jobs and items, confirmations, labels
        CreateBlocklistState(), SeedBlocklistState(),
        UpdateJobAddLease(), UpdateCaptureAddJob(), UpdateItemAddContent(), CreateCandidateSource(),
        CreateItemVersionIndex(),
        CreateDistributionConfirmation(),
        CreateItemLabel(),
        // 44–52, 006: the road from finding to court, the audit log's checkpoints and triggers
        UpdateCaptureAddRecordGroup(), UpdateCaseEvidenceAddTipAndDigest(), CreateCaseEvidenceIndexes(),
        CreateTriageDismissal(), UpdateIndicatorAddRetirement(),
        UpdateItemAddTriagePriority(), CreateAuditCheckpoint(), CreateAuditAppendOnlyTriggers(),
        CreateCustodyIndexes(),
        // 53–59, 007–008: accounts, volunteers' logins, tips' references, cases' search text
        UpdateUserAddApproval(), UpdateSessionAddUser(),
        UpdateVolunteerAddLoginAndGroupLanguage(), UpdateTipAddReference(), CreateVolunteerInvitation(),
        UpdateCaseAddSearchText(), UpdateCaseAddCountedAs(),
        // 60, 009: browser and video capture modes
        UpdateSourceAndCaptureAddMode(),
        // 61–66, 010: sharing with partners, hash banks
        CreatePartner(), CreateSharingRule(), CreateExchangeObject(), UpdateCourtDecisionAddAppealState(),
        CreateHashBank(), UpdateBannedMaterialAddRevocation(),
        // 67–73, 011: block verification, mirrors, captures by address
        CreateNetwork(), CreateProbe(), CreateMeasurement(), CreateDNSObservation(),
        CreateSiteFingerprint(), UpdateCourtDecisionAddCoversMirrors(),
        CreateCaptureAddressIndex(),
        // 012: national scale (append below, one line each, in the order written)
        CreateQScaleIndexes(),
        // 013: the knowledge base, the curriculum, tips naming an organisation (append below, one line each)
        CreateMKnowledgeSymbols(),
        UpdateTipAddOrganization(),
        CreateCCurriculum(),
        CreateKKnowledgeEntries(),
        // 014: people's data sealed, retention, access and erasure (append below, one line each)
        UpdateVolunteerAndTipAddSealing(),
        CreateCErasureAndExports(),
    ]

    static func register(on app: Application) {
        app.migrations.add(all)
        // Last, and with the keys: seals what earlier releases stored in plain text.
        app.migrations.add(SealPersonalFields(keyring: app.personalData))
    }
}
