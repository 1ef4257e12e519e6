import Fluent
import Vapor

enum Migrations {
    /// In order; later issues append, never reorder.
    static func register(on app: Application) {
        app.migrations.add([
            CreateUser(), CreateApiToken(), CreateSession(), CreateLoginAttempt(), CreateAuditLog(), CreateAuditHead(),
            CreateRegion(), SeedRegions(), CreateOrganization(), CreateBannedMaterial(), CreateMaterialFingerprint(),
            CreateIndicator(), CreateSource(), CreateCapture(), CreateItem(), CreateSignal(), CreateCase(),
            CreateDocument(), CreateCaseEvent(), CreateCaseEvidence(), CreateCourtDecision(), CreateBlockOrder(),
            CreateReachabilityCheck(), CreateTip(), CreateVolunteer(), CreateVolunteerGroup(), CreateGroupMember(),
            CreateTraining(), CreateTrainingAttendance(), CreateCounterMaterial(), CreateDistribution(),
            CreateLinkClick(), CreateJob(), CreateIndexes(),
        ])
        // Later changes, by area; each list only appends.
        app.migrations.add(cases)
        app.migrations.add(monitoring)
        app.migrations.add(programme)
        app.migrations.add(analysis)
        app.migrations.add(evidence)
        app.migrations.add([UpdateUserAddApproval(), UpdateSessionAddUser()])  // 007: accounts (issue 13)
        app.migrations.add([UpdateVolunteerAddLoginAndGroupLanguage()])  // 008: D volunteer login, group language
        app.migrations.add([UpdateTipAddReference()])  // 008: public tips' reference
        app.migrations.add([CreateVolunteerInvitation()])  // 008: D volunteers' invitation codes
        app.migrations.add([UpdateCaseAddSearchText()])  // 008: C cases' folded search text
        app.migrations.add([UpdateCaseAddCountedAs()])  // 008: C cases counted as site or account
        app.migrations.add([UpdateSourceAndCaptureAddMode()])  // 009: browser and video capture modes
        app.migrations.add([CreatePartner(), CreateSharingRule(), CreateExchangeObject(),
                            UpdateCourtDecisionAddAppealState()])  // 010: sharing with partners
        app.migrations.add([CreateHashBank(), UpdateBannedMaterialAddRevocation()])  // 010: hash banks
        app.migrations.add([CreateNetwork(), CreateProbe(), CreateMeasurement(), CreateDNSObservation()])  // 011: verification
        app.migrations.add([CreateSiteFingerprint(), UpdateCourtDecisionAddCoversMirrors()])  // 011: mirrors
        app.migrations.add([CreateCaptureAddressIndex()])  // 011: collateral check by address
    }
}
