import Fluent
import FluentSQL
import Foundation
import KaiguulCore

/// Reads one collection (one sharing rule) of `exchange_objects` page by page, in the order the
/// versions were added (`date_added`, then row id), filtered as TAXII 2.1 asks. The scope comes
/// first (`SharingScope.filter`): a filter can narrow what a rule lets out, never widen it.
enum TAXIIReader {
    struct Page: Sendable {
        var rows: [ExchangeObject]
        var more: Bool
        /// The `next` token of the following page: the row this page ended on.
        var next: String?
    }

    /// One page of versions in the collection, optionally of one object (`objects/{id}/`,
    /// `versions/`). `versions` overrides the filter's version match (the versions endpoint lists all).
    static func page(_ rule: SharingRule, filter: TAXIIFilter, objectID: String? = nil,
                     versions: TAXIIFilter.Versions? = nil, on db: any Database) async throws -> Page {
        let query = SharingScope.filter(ExchangeObject.query(on: db), for: rule)
        if let objectID { query.filter(\.$stixID == objectID) }
        if !filter.ids.isEmpty { query.filter(\.$stixID ~~ filter.ids) }
        if !filter.types.isEmpty { query.filter(\.$stixType ~~ filter.types) }
        if let after = filter.addedAfter { query.filter(\.$dateAdded >= TAXIITimestamp.firstAfter(after)) }
        if !filter.specVersionMatches { query.filter(\.$id < 0) }
        apply(versions ?? filter.versions, to: query)
        if let next = filter.next {
            // The token names a row; its place in the order is read back from the row itself.
            guard let last = try await ExchangeObject.find(next, on: db) else {
                throw TAXIIFilter.Invalid(parameter: "next")
            }
            // A stored time does not always read back bit for bit (SQLite keeps a double, Foundation
            // converts it), so "the same time" is a window far narrower than two publishing runs apart.
            let added = last.dateAdded, row = next
            let low = added.addingTimeInterval(-TAXIIReader.sameRun), high = added.addingTimeInterval(TAXIIReader.sameRun)
            query.group(.or) { later in
                later.filter(\.$dateAdded > high)
                later.group(.and) { same in
                    same.filter(\.$dateAdded >= low).filter(\.$dateAdded <= high).filter(\.$id > row)
                }
            }
        }
        let rows = try await query.sort(\.$dateAdded).sort(\.$id).limit(filter.limit + 1).all()
        let more = rows.count > filter.limit
        let page = Array(rows.prefix(filter.limit))
        return Page(rows: page, more: more, next: more ? page.last?.id.map(String.init) : nil)
    }

    /// Versions stamped within this much of each other were published by one run (one `Date()`).
    static let sameRun: TimeInterval = 1e-5

    /// Whether the collection holds any version of the object at all (404 otherwise).
    static func holds(_ rule: SharingRule, objectID: String, on db: any Database) async throws -> Bool {
        try await SharingScope.filter(ExchangeObject.query(on: db), for: rule).filter(\.$stixID == objectID)
            .first() != nil
    }

    /// `first` and `last` are the earliest and the latest published version of the same STIX id:
    /// versions are appended in order (a new version is always a new row), so the row order is the
    /// version order, and no timestamp text is compared in SQL.
    private static func apply(_ versions: TAXIIFilter.Versions, to query: QueryBuilder<ExchangeObject>) {
        guard case .some(let first, let last, let exact) = versions else { return }
        let table = ExchangeObject.schema
        let newer = "NOT EXISTS (SELECT 1 FROM \(table) other WHERE other.stix_id = \(table).stix_id AND other.id > \(table).id)"
        let older = "NOT EXISTS (SELECT 1 FROM \(table) other WHERE other.stix_id = \(table).stix_id AND other.id < \(table).id)"
        let spellings = exact.flatMap(spellings(of:))
        query.group(.or) { either in
            if last { either.filter(.sql(unsafeRaw: newer)) }
            if first { either.filter(.sql(unsafeRaw: older)) }
            if !spellings.isEmpty { either.filter(\.$modified ~~ spellings) }
            if !last && !first && spellings.isEmpty { either.filter(\.$id < 0) }
        }
    }

    /// A timestamp as given and as Kaiguul writes it (milliseconds; whole seconds without them),
    /// so `match[version]` finds a version whatever precision the client wrote it in.
    static func spellings(of version: String) -> [String] {
        guard let date = TAXIITimestamp.parse(version) else { return [version] }
        let ms = TAXIITimestamp.format(date)
        var all = [version, ms]
        if ms.hasSuffix(".000Z") { all.append(String(ms.dropLast(5)) + "Z") }
        return Array(Set(all)).sorted()
    }
}
