/// What the server knows about a case and about the request at the moment an action is decided.
/// The workflow trusts these values, so the caller must establish them from its own records (the
/// database, the uploaded files), never from what the client claims.
///
/// Facts about "the decision" and "the document" refer to what is recorded together with the action
/// being decided: the conclusion uploaded with `recordExpertConclusion`, the court decision recorded
/// with `recordCourtDecision` or `liftBlock`.
public struct CaseFacts: Sendable, Hashable, Codable {
    /// The expert the case is currently referred to (set by `referToExpert`), if any.
    public var referredExpertID: String?
    /// The role of the user named by `referToExpert`; nil if no such user exists (or is disabled).
    public var nomineeRole: Role?
    /// The signed expert conclusion is stored as a document.
    public var hasConclusionDocument: Bool
    /// The court decision is stored as a document.
    public var hasDecisionDocument: Bool
    /// The court decision names the case's target (its domain, URL or account) among what it covers.
    public var decisionNamesTarget: Bool
    /// At least one block order resting on the case's court decision is active.
    public var hasActiveBlockOrder: Bool
    /// The decision recorded with `liftBlock` reverses the decision the block orders rest on.
    public var decisionReversesOrder: Bool
    /// The person wrote the grounds for the step (required where no document speaks for it).
    public var hasGrounds: Bool
    /// The date the recorded court decision carries (`YYYY-MM-DD`).
    public var decisionDate: String?
    /// Today's date where the programme works (`YYYY-MM-DD`): a decision cannot be dated after it.
    public var today: String?
    /// The date the case was last submitted to a court (`YYYY-MM-DD`), if it was: a decision on
    /// the submission cannot be older than the submission.
    public var submittedOn: String?
    /// The decision's document is already the document of another recorded court decision.
    public var decisionDocumentUsed: Bool

    public init(
        referredExpertID: String? = nil,
        nomineeRole: Role? = nil,
        hasConclusionDocument: Bool = false,
        hasDecisionDocument: Bool = false,
        decisionNamesTarget: Bool = false,
        hasActiveBlockOrder: Bool = false,
        decisionReversesOrder: Bool = false,
        hasGrounds: Bool = false,
        decisionDate: String? = nil,
        today: String? = nil,
        submittedOn: String? = nil,
        decisionDocumentUsed: Bool = false
    ) {
        self.referredExpertID = referredExpertID
        self.nomineeRole = nomineeRole
        self.hasConclusionDocument = hasConclusionDocument
        self.hasDecisionDocument = hasDecisionDocument
        self.decisionNamesTarget = decisionNamesTarget
        self.hasActiveBlockOrder = hasActiveBlockOrder
        self.decisionReversesOrder = decisionReversesOrder
        self.hasGrounds = hasGrounds
        self.decisionDate = decisionDate
        self.today = today
        self.submittedOn = submittedOn
        self.decisionDocumentUsed = decisionDocumentUsed
    }
}
