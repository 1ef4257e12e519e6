import Exchange
import Foundation

/// One STIX object as the publisher wants it now, with the subject columns that decide which sharing
/// rules reach it (`exchange_objects`).
struct ExchangePublication: Sendable {
    var object: JSONValue
    var subjectKey: String
    var organizationID: Int?
    var caseID: Int?
    var bankID: Int?

    var stixID: String { object["id"]?.stringValue ?? "" }
    var stixType: String { object["type"]?.stringValue ?? "" }
}
