import Foundation

/// A `mirror` signal as the triage queue shows it: the item it is on and what the signal says.
struct MirrorEvidence: Sendable {
    var itemID: Int
    var signal: MirrorSignal

    static func reviewPath(itemID: Int, caseID: Int) -> String { "/triage/mirrors/\(itemID)/\(caseID)" }

    static func from(itemID: Int, details: String) -> MirrorEvidence? {
        MirrorSignal.decode(details).map { MirrorEvidence(itemID: itemID, signal: $0) }
    }
}
