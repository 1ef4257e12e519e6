import Exchange
import Fluent
import Foundation
import MediaMatch
import Vapor

/// `kaiguul bank list|import|export`: named hash banks from the command line. Data on stdout, messages on stderr.
struct BankCommand: AsyncCommandGroup {
    var help: String { "Hash banks: list them, import a TCAP-style JSON or GIFCT-style CSV list, export one as TCAP-style JSON." }

    var commands: [String: any AnyAsyncCommand] {
        ["list": List(), "import": Import(), "export": Export()]
    }

    struct List: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Prints ID, name, kind, enabled, negative, PDQ distance, active and deleted entries." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrate()
            var out = "id\tname\tkind\tenabled\tnegative\tpdq_distance\tactive\tdeleted\n"
            for bank in try await HashBank.query(on: app.db).sort(\.$id).all() {
                let id = try bank.requireID()
                let hashes = try await SharedHashes.forBank(id, on: app.db)
                let active: Int, deleted: Int
                if bank.negative {
                    active = try await BankEntry.query(on: app.db).filter(\.$bankID == id).filter(\.$status == "active").count()
                    deleted = try await BankEntry.query(on: app.db).filter(\.$bankID == id).filter(\.$status != "active").count()
                } else {
                    active = hashes.filter { !$0.deleted }.count
                    deleted = hashes.count - active
                }
                out += [String(id), bank.name, bank.kind, String(bank.enabled), String(bank.negative), String(bank.pdqDistance),
                        String(active), String(deleted)].map { $0.replacingOccurrences(of: "\t", with: " ") }.joined(separator: "\t") + "\n"
            }
            FileHandle.standardOutput.write(Data(out.utf8))
        }
    }

    struct Import: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "file") var file: String
            @Option(name: "format", help: "tcap (JSON) or gifct (CSV); default from the file's extension") var format: String?
            @Option(name: "bank", help: "the bank's name (created when new)") var bank: String?
            @Option(name: "provenance", help: "where the list comes from") var provenance: String?
            @Option(name: "ideology", help: "TCAP: import only entries of this ideology") var ideology: String?
            @Flag(name: "negative", help: "a new bank of known false positives") var negative: Bool
        }

        var help: String { "Imports a hash list into a named bank: only what changed since the last import; tombstones withdraw hashes." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrate()
            guard let name = signature.bank else { throw CommandFailure("--bank NAME is required") }
            let url = URL(fileURLWithPath: signature.file)
            let format = signature.format ?? (url.pathExtension.lowercased() == "csv" ? "gifct" : "tcap")
            let data = try Data(contentsOf: url)
            let page: HashListPage
            do {
                switch format {
                case "tcap": page = try TCAPHashList.parse(data, ideology: signature.ideology)
                case "gifct": page = try GIFCTHashCSV.parse(String(decoding: data, as: UTF8.self))
                default: throw CommandFailure("--format must be tcap or gifct")
                }
            } catch let error as HashListError {
                throw CommandFailure("nothing imported: \(error.description)")
            }
            do {
                let report = try await BankImporter.importList(
                    page, options: .init(bankName: name, format: format, provenance: signature.provenance,
                                         negative: signature.negative),
                    actor: .commandLine, app: app)
                let counts: [String] = ["added \(report.added)", "updated \(report.updated)", "tombstoned \(report.tombstoned)",
                                        "unchanged \(report.unchanged)", "already applied \(report.alreadyApplied)"]
                var line = "bank #\(report.bankID): " + counts.joined(separator: ", ")
                if !report.unknownAlgorithms.isEmpty {
                    line += ", skipped unknown algorithms " + report.unknownAlgorithms.sorted { $0.key < $1.key }
                        .map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                }
                FileHandle.standardError.write(Data((line + "; checkpoint \(report.checkpoint ?? "-")\n").utf8))
            } catch let error as BankImportError {
                throw CommandFailure(error.description)
            }
        }
    }

    struct Export: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "bank", help: "bank id") var bank: Int?
            @Option(name: "partner", help: "partner id: what its sharing rules let leave (banks, organisations' materials), audited") var partner: Int?
            @Option(name: "format", help: "tcap (the only one for now)") var format: String?
            @Option(name: "after", help: "a checkpoint: only entries changed since") var after: String?
        }

        var help: String { "Prints a bank as a TCAP-style JSON page, tombstones included." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrate()
            guard (signature.format ?? "tcap") == "tcap" else { throw CommandFailure("--format must be tcap") }
            let after = try signature.after.map { text in
                guard let seconds = Double(text) else { throw CommandFailure("--after must be a checkpoint (seconds)") }
                return Date(timeIntervalSince1970: seconds)
            }
            if let partner = signature.partner {
                guard try await Partner.find(partner, on: app.db) != nil else { throw CommandFailure("no partner #\(partner)") }
                let data = try await BankExport.forPartner(partner, after: after, actor: .commandLine, app: app)
                FileHandle.standardOutput.write(data + Data("\n".utf8))
                return
            }
            guard let id = signature.bank else { throw CommandFailure("--bank N or --partner N is required") }
            guard try await HashBank.find(id, on: app.db) != nil else { throw CommandFailure("no bank #\(id)") }
            let data = try await BankExport.tcap(bankID: id, after: after, on: app.db)
            let count = String(try await SharedHashes.forBank(id, on: app.db).count)
            _ = try await app.write { db in
                try await AuditLog.append(on: db, actor: .commandLine, action: "hash_bank.export", objectType: "hash_bank",
                                          objectID: String(id), details: ["format": "tcap", "count": count])
            }
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }
}
