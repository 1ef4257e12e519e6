import Fluent
import Vapor

/// API tokens: random, shown once, stored as SHA-256 only.
enum TokenStore {
    static let prefix = "kgl_"

    static func create(userID: Int, name: String, actor: AuditActor, app: Application) async throws -> (id: Int, token: String) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(trimmed.count), !trimmed.unicodeScalars.contains(where: FieldRules.isForbidden) else {
            throw AppError.invalid("name", "error.token_name")
        }
        let token = prefix + Token.random(bytes: 32)
        let id: Int = try await app.write { db in
            let record = ApiToken()
            record.$user.id = userID
            record.name = trimmed
            record.tokenHash = Token.sha256Hex(token)
            record.prefix = String(token.prefix(prefix.count + 6))
            try await record.create(on: db)
            let id = try record.requireID()
            try await AuditLog.append(on: db, actor: actor, action: "api_token.create", objectType: "api_token",
                                      objectID: String(id), details: ["user_id": String(userID), "name": trimmed])
            return id
        }
        return (id, token)
    }

    static func revoke(id: Int, ownerID: Int?, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let record = try await ApiToken.find(id, on: db), ownerID == nil || record.$user.id == ownerID else {
                throw AppError.notFound
            }
            record.revokedAt = Date()
            try await record.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "api_token.revoke", objectType: "api_token",
                                      objectID: String(id))
        }
    }
}
