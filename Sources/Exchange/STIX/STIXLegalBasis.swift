import Foundation
import KaiguulCore

/// The court decision an object rests on. It leaves twice: as an `external_reference` every STIX
/// consumer shows, and inside Kaiguul's legal-basis extension with the fields a consumer can act on
/// (the appeal state tells a partner whether the decision may still fall).
public struct STIXLegalBasis: Sendable, Hashable {
    public var court: String
    public var number: String
    /// `YYYY-MM-DD`, as the decision is dated.
    public var date: String?
    public var appealState: AppealState?
    /// For an organisation: `extremist` or `terrorist`, as the court designated it.
    public var designation: String?

    public init(court: String, number: String, date: String?, appealState: AppealState? = nil,
                designation: String? = nil) {
        self.court = court
        self.number = number
        self.date = date
        self.appealState = appealState
        self.designation = designation
    }

    public static let sourceName = "court-decision"
    public static let reversalSourceName = "court-decision-reversal"

    /// STIX 2.1 §2.5: `source_name` and at least one of `description`, `url`, `external_id`.
    public func externalReference(sourceName: String = STIXLegalBasis.sourceName) -> JSONValue {
        let description = [court, date].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: ", ")
        return .object(dropping: [
            "source_name": .string(sourceName),
            "external_id": number.isEmpty ? nil : .string(number),
            "description": .string(description.isEmpty ? "court decision" : description),
        ])
    }

    /// The properties inside the legal-basis extension (`extension_type` added by the caller).
    public var extensionProperties: [String: JSONValue] {
        [
            "court": .string(court),
            "decision_number": .string(number),
            "decision_date": date.map(JSONValue.string),
            "appeal_state": appealState.map { .string($0.rawValue) },
            "designation": designation.map(JSONValue.string),
        ].compactMapValues { $0 }
    }
}
