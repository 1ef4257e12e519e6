import Foundation
import Vapor

/// `kaiguul keys show [--text] [--lang ky|ru|en]` prints the instance's public keys: by default the
/// JSON document `/.well-known/kaiguul-keys.json` serves, byte for byte; `--text` as a table.
/// `kaiguul keys rotate wacz|audit` retires the current pair of one use and makes a new one.
/// `kaiguul keys rotate-data-key` replaces the key that wraps people's data keys (and seals any
/// plain row, such as a bulk load's).
struct KeysCommand: AsyncCommandGroup {
    var help: String { "Shows the signing keys' public halves and fingerprints, or rotates a key pair or the personal data key." }

    var commands: [String: any AnyAsyncCommand] {
        ["show": Show(), "rotate": Rotate(), "rotate-data-key": RotateDataKey()]
    }

    static func translator(_ lang: String?) throws -> Translator {
        guard let language = Language(rawValue: lang ?? "ky") else { throw CommandFailure("--lang must be ky, ru or en") }
        return Translator(language: language)
    }

    struct Show: AsyncCommand {
        struct Signature: CommandSignature {
            @Flag(name: "text", help: "a table for people instead of the JSON document") var text: Bool
            @Option(name: "lang", help: "with --text: ky, ru or en (default ky)") var lang: String?
        }

        var help: String { "Prints the public keys (current and retired) as JSON, or as a table with --text." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let keys = context.application.signingKeys
            let output = signature.text
                ? Data(KeysCommand.table(keys.document, try KeysCommand.translator(signature.lang)).utf8)
                : try keys.document.json()
            FileHandle.standardOutput.write(output)
        }
    }

    struct Rotate: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "use", help: "wacz (packages) or audit (audit-log checkpoints)") var use: String
            @Option(name: "lang", help: "ky, ru or en (default ky)") var lang: String?
        }

        var help: String {
            "Retires the current key pair of one use (its public key stays published) and makes a new one."
        }

        func run(using context: CommandContext, signature: Signature) async throws {
            let t = try KeysCommand.translator(signature.lang)
            guard let use = PublishedKey.Use(rawValue: signature.use) else { throw CommandFailure(t("keys.usage")) }
            let app = context.application
            try await app.autoMigrate()
            let rotated = try await KeysCommand.rotate(use, app: app, t: t)
            let line = t("keys.rotated", ["use": t("keys.use.\(use.rawValue)"), "old": rotated.retired.fingerprint,
                                          "new": rotated.current.fingerprint])
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }

    struct RotateDataKey: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "lang", help: "ky, ru or en (default ky)") var lang: String?
        }

        var help: String {
            "Adds a personal data key, seals plain rows, re-wraps every record under it and retires the old keys."
        }

        func run(using context: CommandContext, signature: Signature) async throws {
            let t = try KeysCommand.translator(signature.lang)
            let app = context.application
            try await app.autoMigrate()
            let started = Date()
            let result: PersonalDataKeyRotation.Result
            do {
                result = try await PersonalDataKeyRotation.rotate(app: app)
            } catch PersonalDataKeyRotation.Refusal.folderNotWritable(let path) {
                throw CommandFailure(t("datakeys.error.not_writable", ["path": path]))
            } catch PersonalDataKeyRotation.Refusal.newerKeyInFolder(let id) {
                throw CommandFailure(t("datakeys.error.newer_key", ["id": id]))
            }
            var lines = [t("datakeys.rotated", [
                "new": result.newKey,
                "sealed_volunteers": String(result.sealed.sealedVolunteers),
                "sealed_tips": String(result.sealed.sealedTips),
                "rewrapped_volunteers": String(result.rewrapped.rewrappedVolunteers),
                "rewrapped_tips": String(result.rewrapped.rewrappedTips),
                "retired": String(result.retired.count),
                "seconds": String(format: "%.2f", Date().timeIntervalSince(started)),
            ])]
            for (id, rows) in result.stillInUse.sorted(by: { $0.key < $1.key }) {
                lines.append(t("datakeys.still_in_use", ["id": id, "rows": String(rows)]))
            }
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
    }

    /// Rotates and records it in the audit log, in one transaction: if the database cannot take
    /// the entry, no key is touched.
    static func rotate(
        _ use: PublishedKey.Use, app: Application, t: Translator,
        env: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> (retired: PublishedKey, current: PublishedKey) {
        do {
            return try await app.write { db in
                let rotated = try app.rotateSigningKey(use, env: env)
                try await AuditLog.append(
                    on: db, actor: .commandLine, action: "keys.rotate", objectType: "signing_key",
                    objectID: use.rawValue,
                    details: ["retired": rotated.retired.fingerprint, "new": rotated.current.fingerprint])
                return rotated
            }
        } catch KeyStoreError.namedByEnvironment(let path, let variable) {
            throw CommandFailure(t("keys.error.named_by_environment", ["path": path, "variable": variable]))
        }
    }

    /// One block per key: what it signs, algorithm, state and dates, fingerprint, public key.
    static func table(_ document: KeysDocument, _ t: Translator) -> String {
        var lines = [t("keys.instance", ["instance": document.instance]), ""]
        for key in document.keys {
            let state = key.retired.map { t("keys.status.retired", ["date": $0]) } ?? t("keys.status.current")
            lines.append("\(t("keys.use.\(key.use.rawValue)")) · \(key.algorithm) · \(state)")
            if let created = key.created { lines.append("  \(t("keys.created", ["date": created]))") }
            lines.append("  \(key.fingerprint)")
            lines.append("  \(t("keys.public_key", ["key": key.publicKey]))")
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
