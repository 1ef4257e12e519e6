import Fluent
import FluentSQLiteDriver
import Vapor

/// Serialises write transactions on SQLite.
///
/// SQLite allows one writer at a time; two deferred transactions that both read and then write
/// deadlock and one fails with SQLITE_BUSY. Queueing writers in the process turns that into
/// waiting. PostgreSQL needs no gate: row locks (`FOR UPDATE`) order the writers there.
actor WriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

struct WriteGateKey: StorageKey {
    typealias Value = WriteGate
}

extension Application {
    var writeGate: WriteGate {
        if let gate = storage[WriteGateKey.self] { return gate }
        let gate = WriteGate()
        storage[WriteGateKey.self] = gate
        return gate
    }

    var usesSQLite: Bool { kaiguul.databaseURL == nil }
}

extension Application {
    /// Runs `body` in one transaction: everything it writes, including its audit rows, lands
    /// together or not at all.
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if usesSQLite {
            let gate = writeGate
            await gate.acquire()
            do {
                let result = try await db.transaction(body)
                await gate.release()
                return result
            } catch {
                await gate.release()
                throw error
            }
        }
        return try await db.transaction(body)
    }
}

extension Request {
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await application.write(body)
    }
}
