import Exchange
import Fluent
import Foundation
import Vapor

/// `kaiguul exchange publish|stix|misp`: bring the published STIX objects up to date, and export what
/// one sharing rule lets leave, as a STIX 2.1 bundle (standard output or `--out FILE`) or a MISP feed
/// directory. Every export is audited with its recipient (the rule's partner). Data goes to standard
/// output, messages to standard error.
struct ExchangeCommand: AsyncCommandGroup {
    var help: String { "STIX 2.1 and MISP exports: publish, stix --rule N [--out FILE], misp --rule N DIR." }

    var commands: [String: any AnyAsyncCommand] { ["publish": Publish(), "stix": STIX(), "misp": MISP()] }

    static func say(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

    /// The rule, active, or a clear failure.
    static func rule(_ text: String?, on db: any Database) async throws -> SharingRule {
        guard let text, let id = Int(text) else { throw CommandFailure("exchange: --rule N is required (a sharing rule id)") }
        guard let rule = try await SharingRule.find(id, on: db) else { throw CommandFailure("exchange: no sharing rule \(id)") }
        guard rule.isActive else { throw CommandFailure("exchange: sharing rule \(id) is revoked; nothing may leave through it") }
        guard let partner = try await Partner.find(rule.partnerID, on: db), partner.disabledAt == nil else {
            throw CommandFailure("exchange: the partner of sharing rule \(id) is disabled")
        }
        return rule
    }

    struct Publish: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Writes new STIX versions for what changed in the records (lifted blocks, new orders, banks)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.requireExistingDatabase()
            let written = try await app.write { db in try await ExchangePublisher.sync(on: db, now: Date()) }
            ExchangeCommand.say("exchange: \(written) new object versions published")
        }
    }

    struct STIX: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "rule", help: "sharing rule id") var rule: String?
            @Option(name: "out", help: "write the bundle to this file instead of standard output") var out: String?
        }

        var help: String { "Prints the STIX 2.1 bundle of one sharing rule, marked with its TLP level." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.requireExistingDatabase()
            let rule = try await ExchangeCommand.rule(signature.rule, on: app.db)
            let out = signature.out
            let (data, count) = try await app.write { db in
                _ = try await ExchangePublisher.sync(on: db, now: Date())
                let (bundle, count) = try await RuleExport.stixBundle(for: rule, on: db)
                try await RuleExport.audit(rule, actor: .commandLine, format: "stix", count: count,
                                           extra: out.map { ["file": String($0.prefix(500))] } ?? [:], on: db)
                return (bundle.canonicalData, count)
            }
            if let out {
                try data.write(to: URL(fileURLWithPath: out), options: .atomic)
                ExchangeCommand.say("exchange: \(count) objects written to \(out)")
            } else {
                FileHandle.standardOutput.write(data)
                FileHandle.standardOutput.write(Data("\n".utf8))
            }
        }
    }

    struct MISP: AsyncCommand {
        struct Signature: CommandSignature {
            // The option first: ConsoleKit reads a signature's values in this order, so `--rule N DIR` works.
            @Option(name: "rule", help: "sharing rule id") var rule: String?
            @Argument(name: "dir", help: "directory for manifest.json, hashes.csv and the event files") var dir: String
        }

        var help: String { "Writes the MISP feed of one sharing rule into DIR." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.requireExistingDatabase()
            let rule = try await ExchangeCommand.rule(signature.rule, on: app.db)
            let dir = URL(fileURLWithPath: signature.dir, isDirectory: true)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let producer = ExchangeProducer.current()
            let feed = try await app.write { db in
                _ = try await ExchangePublisher.sync(on: db, now: Date())
                let feed = try await RuleExport.mispFeed(for: rule, producer: producer, on: db)
                try await RuleExport.audit(rule, actor: .commandLine, format: "misp", count: feed.events.count,
                                           extra: ["directory": String(signature.dir.prefix(500))], on: db)
                return feed
            }
            for file in feed.files {
                try file.data.write(to: dir.appendingPathComponent(file.name), options: .atomic)
            }
            ExchangeCommand.say("exchange: \(feed.events.count) MISP events written to \(dir.path)")
        }
    }
}
