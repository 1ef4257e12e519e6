/// One active block order as the block list shows it: what is blocked, and the court decision it rests
/// on. A block order without a decision cannot exist, so the decision fields are not optional.
public struct BlocklistEntry: Sendable, Hashable {
    public var orderID: String
    public var target: BlockTarget
    public var decisionNumber: String
    public var court: String
    /// The decision's date as recorded, `YYYY-MM-DD`. A calendar date, not an instant: passing it as
    /// text keeps a time zone from moving it by a day.
    public var decisionDate: String

    public init(orderID: String, target: BlockTarget, decisionNumber: String, court: String, decisionDate: String) {
        self.orderID = orderID
        self.target = target
        self.decisionNumber = decisionNumber
        self.court = court
        self.decisionDate = decisionDate
    }

    public var kind: BlockTarget.Kind { target.kind }
}
