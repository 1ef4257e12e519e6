import Foundation
import KaiguulCore

/// One list of work on a person's home page: its first entries, how many there are in all, and the
/// page that holds the whole list. Lists are built only from what the viewer may see (`Visibility`).
struct Worklist: Sendable {
    /// Stable name: the section's `data-work` and its heading, `home.work.<name>`.
    var name: String
    var entries: [WorklistEntry]
    var total: Int
    /// The page holding the whole list, when the viewer may open one.
    var more: String?

    /// How many entries a home page shows of each list; the rest is behind `more`.
    static let head = 10
}

/// One thing to do: what it is (data, shown verbatim), where to do it, and facts about it.
struct WorklistEntry: Sendable {
    var title: String
    var href: String?
    var facts: [Fact] = []
    /// A sentence of the interface standing as the title instead (a state rather than a record).
    var titleKey: String?

    /// A fact shown beside an entry; the view says it in the reader's language.
    enum Fact: Sendable {
        /// Where a case stands.
        case state(CaseState)
        /// Since when it waits (or when it happened).
        case since(Date)
        /// A day (`YYYY-MM-DD`), as stored.
        case day(String)
        /// A value from the records (a target, a group's name), shown verbatim.
        case text(String)
        /// A sentence of the interface with its values filled in.
        case phrase(String, [String: String])
        /// An audit log action code, said in words where the interface has them.
        case action(String)
        /// An audit log object: its type (said in words) and number.
        case object(String, String)
    }
}
