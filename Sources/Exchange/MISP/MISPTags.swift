import Foundation
import KaiguulCore

/// The tags Kaiguul puts on MISP events and attributes. TLP follows MISP's `tlp` taxonomy (which has
/// `tlp:clear` and `tlp:amber+strict` for TLP 2.0).
///
/// A reversal does not delete the attribute: a partner that already loaded it must learn that it no
/// longer stands, and a deleted attribute simply vanishes from a pulled feed. So a lifted block's
/// attribute stays with `to_ids` false (no IDS or blocking rule may be built from it) and the tag
/// `kaiguul:lifted`; a withdrawn hash (list tombstone, overturned ban) likewise with `kaiguul:withdrawn`.
public enum MISPTags {
    public static func tlp(_ level: TLPLevel) -> String { "tlp:" + level.rawValue }
    public static let lifted = "kaiguul:lifted"
    public static let withdrawn = "kaiguul:withdrawn"
    public static let courtOrdered = "kaiguul:court-ordered"

    static func colour(_ tag: String) -> String {
        switch tag {
        case "tlp:clear": "#ffffff"
        case "tlp:green": "#33ff00"
        case "tlp:amber", "tlp:amber+strict": "#ffc000"
        case "tlp:red": "#ff2b2b"
        case lifted, withdrawn: "#808080"
        default: "#0088cc"
        }
    }
}
