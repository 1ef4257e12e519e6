import Fluent
import Foundation
import Vapor

/// Server-side sessions in the `sessions` table, so every process behind a load balancer sees
/// the same sessions and logging out really ends one. A row is written only when someone signs
/// in (anonymous forms use a cookie token, `CSRFMiddleware`); expired rows are swept whenever a
/// session is created and at start, so the table holds about the live sessions.
struct DatabaseSessions: AsyncSessionDriver {
    let lifetime: TimeInterval

    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        try await Self.sweep(on: request.db)
        let id = SessionID(string: Token.random(bytes: 32))
        let record = SessionRecord()
        record.id = id.string
        record.data = try encode(data)
        record.userID = data["uid"].flatMap(Int.init)
        record.expiresAt = Date().addingTimeInterval(lifetime)
        try await record.create(on: request.db)
        return id
    }

    func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
        guard sessionID.string.count <= 128,
              let record = try await SessionRecord.find(sessionID.string, on: request.db)
        else { return nil }
        if record.expiresAt < Date() {
            try await record.delete(on: request.db)
            return nil
        }
        return try JSONDecoder().decode(SessionData.self, from: Data(record.data.utf8))
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) async throws -> SessionID {
        guard let record = try await SessionRecord.find(sessionID.string, on: request.db) else {
            return try await createSession(data, for: request)
        }
        record.data = try encode(data)
        record.userID = data["uid"].flatMap(Int.init)
        record.expiresAt = Date().addingTimeInterval(lifetime)
        try await record.update(on: request.db)
        return sessionID
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) async throws {
        try await SessionRecord.query(on: request.db).filter(\.$id == sessionID.string).delete()
    }

    static func sweep(on db: any Database, now: Date = Date()) async throws {
        try await SessionRecord.query(on: db).filter(\.$expiresAt < now).delete()
    }

    private func encode(_ data: SessionData) throws -> String {
        String(decoding: try JSONEncoder().encode(data), as: UTF8.self)
    }
}

/// Sweeps expired sessions when the application starts (the table may not exist yet before the
/// first migration; that is not an error worth more than a debug line).
struct SessionSweeper: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        do {
            try await DatabaseSessions.sweep(on: application.db)
        } catch {
            application.logger.debug("session sweep at start: \(String(reflecting: error))")
        }
    }
}
