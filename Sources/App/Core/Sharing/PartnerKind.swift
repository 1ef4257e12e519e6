/// The kinds of body Kaiguul shares with, as the programme names its partners: state bodies,
/// local self-government, civic and public organisations, international organisations, and the
/// platforms that act on what they receive.
enum PartnerKind: String, CaseIterable, Sendable {
    case stateBody = "state_body"
    case localGovernment = "local_government"
    case ngo
    case international
    case platform
}
