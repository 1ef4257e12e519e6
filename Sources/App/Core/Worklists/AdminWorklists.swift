import Fluent
import Foundation
import KaiguulCore
import SQLKit

/// The admin's lists: accounts waiting for a second admin, accounts that cannot sign in (disabled, or
/// locked now by failed logins, as `LoginLockout` decides), and failing sources (`AnalystWorklists`).
enum AdminWorklists {
    static func awaitingApproval(seen: Visibility, on db: any Database) async throws -> Worklist? {
        guard seen.seesAll(.user) else { return nil }
        let query = User.query(on: db).filter(\.$approvalPending != nil)
        let total = try await query.count()
        let rows = try await query.sort(\.$approvalRequestedAt).sort(\.$id).limit(Worklist.head).all()
        let entries = rows.map { user in
            var facts: [WorklistEntry.Fact] = [.text(user.username)]
            if let role = user.role { facts.append(.phrase("role.\(role.rawValue)", [:])) }
            if let change = user.approvalPending.flatMap(AccountApproval.Change.init(rawValue:)) {
                facts.append(.phrase("user.pending.change.\(change.rawValue)", [:]))
            }
            if let at = user.approvalRequestedAt { facts.append(.since(at)) }
            return WorklistEntry(title: user.displayName, href: "/users", facts: facts)
        }
        return Worklist(name: "approvals", entries: entries, total: total, more: "/users")
    }

    /// Disabled accounts, then accounts locked at this moment by failed logins (per account and
    /// address; an address locked across many usernames is not one account's lock).
    static func locked(seen: Visibility, now: Date = Date(), on db: any Database) async throws -> Worklist? {
        guard seen.seesAll(.user) else { return nil }
        var entries: [WorklistEntry] = []
        let disabledQuery = User.query(on: db).filter(\.$disabled == true)
        let disabledTotal = try await disabledQuery.count()
        for user in try await disabledQuery.sort(\.$updatedAt, .descending).limit(Worklist.head).all() {
            entries.append(WorklistEntry(title: user.displayName, href: "/users",
                                         facts: [.text(user.username), .phrase("home.fact.disabled", [:])]))
        }
        var lockedTotal = 0
        if let sql = db as? any SQLDatabase {
            // Candidates from one grouped query, each then decided by the one lockout rule.
            struct Pair: Decodable {
                var username: String
                var address: String
            }
            let since = now.addingTimeInterval(-(LoginLockout.window + LoginLockout.duration))
            let pairs = try await sql.raw("""
                SELECT username, address FROM login_attempts \
                WHERE succeeded = \(bind: false) AND at >= \(bind: since) \
                GROUP BY username, address HAVING COUNT(*) >= \(bind: LoginLockout.threshold) \
                ORDER BY username, address LIMIT 200
                """).all(decoding: Pair.self)
            var seenNames = Set<String>()
            for pair in pairs where !seenNames.contains(pair.username) {
                guard let until = try await LoginLockout.lockedUntil(username: pair.username, address: pair.address,
                                                                      now: now, on: db),
                      let user = try await User.query(on: db).filter(\.$username == pair.username).first()
                else { continue }
                seenNames.insert(pair.username)
                lockedTotal += 1
                if entries.count < Worklist.head {
                    entries.append(WorklistEntry(title: user.displayName, href: "/users",
                                                 facts: [.text(user.username),
                                                         .phrase("home.fact.locked_until",
                                                                 ["time": Formats.dateTime(until)]),
                                                         .text(pair.address)]))
                }
            }
        }
        return Worklist(name: "locked", entries: entries, total: disabledTotal + lockedTotal, more: "/users")
    }
}
