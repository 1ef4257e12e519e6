import Fluent
import KaiguulCore
import Vapor

/// `kaiguul user create|list|disable|enable|reset-password`.
///
/// The command line counts as one pair of eyes, never two (`AccountApproval`): it may create, enable
/// or reset an expert or legal account, which then waits until an admin signed in on the web
/// approves it. It cannot approve. The first admin of an empty database is made here (or by `serve`)
/// and acts at once: admins need no second approval, and there is nobody yet to give one.
struct UserCommand: AsyncCommandGroup {
    var help: String { "Manages accounts: create, list, disable, enable, reset-password." }

    var commands: [String: any AnyAsyncCommand] {
        [
            "create": Create(), "list": List(), "disable": SetDisabled(disabled: true),
            "enable": SetDisabled(disabled: false), "reset-password": ResetPassword(),
        ]
    }

    struct Create: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "username") var username: String
            @Option(name: "role", help: "admin, analyst, expert, legal, coordinator, volunteer, partner, auditor, provider")
            var role: String?
            @Option(name: "name", help: "display name") var name: String?
            @Flag(name: "password-stdin", help: "read the password from standard input instead of generating one")
            var passwordStdin: Bool
        }

        var help: String { "Creates an account and prints a one-time password (unless --password-stdin)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrate()
            guard let role = signature.role.flatMap(Role.init(rawValue:)) else {
                throw CommandFailure("--role must be one of: " + Role.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let given = signature.passwordStdin ? readLine(strippingNewline: true) : nil
            let created = try await UserStore.create(
                username: signature.username, displayName: signature.name ?? signature.username, role: role,
                password: given, mustChange: given == nil, actor: .commandLine, app: app)
            context.console.print("Created user \(signature.username.lowercased()) (id \(created.id), role \(role.rawValue)).")
            if given == nil { context.console.print("One-time password: \(created.password)") }
            if try await User.find(created.id, on: app.db)?.isAwaitingApproval == true {
                UserCommand.printAwaitingApproval(context)
            }
        }
    }

    struct List: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Lists accounts: id, username, role, state (enabled, disabled, awaiting-approval), name." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrate()
            for u in try await User.query(on: app.db).sort(\.$username).all() {
                let state = u.isAwaitingApproval ? "awaiting-approval" : u.disabled ? "disabled" : "enabled"
                context.console.print("\(u.id ?? 0)\t\(u.username)\t\(u.roleRaw)\t\(state)\t\(u.displayName)")
            }
        }
    }

    struct SetDisabled: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "username") var username: String
        }

        let disabled: Bool
        var help: String { disabled ? "Disables an account and revokes its API tokens." : "Enables an account." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let user = try await UserCommand.find(signature.username, app: app)
            try await UserStore.setDisabled(try user.requireID(), disabled: disabled, actor: .commandLine, app: app)
            context.console.print("\(user.username): \(disabled ? "disabled" : "enabled").")
            if try await User.find(try user.requireID(), on: app.db)?.isAwaitingApproval == true {
                UserCommand.printAwaitingApproval(context)
            }
        }
    }

    struct ResetPassword: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "username") var username: String
            @Flag(name: "password-stdin", help: "read the password from standard input instead of generating one")
            var passwordStdin: Bool
        }

        var help: String { "Sets a new password; prints a one-time one unless --password-stdin." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let user = try await UserCommand.find(signature.username, app: app)
            let given = signature.passwordStdin ? readLine(strippingNewline: true) : nil
            let pass = try await UserStore.resetPassword(try user.requireID(), password: given, mustChange: given == nil,
                                                         actor: .commandLine, app: app)
            context.console.print(given == nil ? "New one-time password for \(user.username): \(pass)"
                                               : "Password set for \(user.username).")
            if try await User.find(try user.requireID(), on: app.db)?.isAwaitingApproval == true {
                UserCommand.printAwaitingApproval(context)
            }
        }
    }

    /// A note for the operator, on standard error: the account acts only once a second admin approved it.
    static func printAwaitingApproval(_ context: CommandContext) {
        let t = Translator(language: .en)
        FileHandle.standardError.write(Data((t("user.cli.awaiting_approval") + "\n").utf8))
    }

    static func find(_ name: String, app: Application) async throws -> User {
        try await app.autoMigrate()
        guard let username = UserStore.validateUsername(name),
              let user = try await User.query(on: app.db).filter(\.$username == username).first()
        else { throw CommandFailure("No such user: \(name)") }
        return user
    }
}

/// A command-line error with a message for the person at the terminal; exits non-zero.
struct CommandFailure: Error, CustomStringConvertible, LocalizedError {
    var description: String
    init(_ message: String) { description = message }
    var errorDescription: String? { description }
}
