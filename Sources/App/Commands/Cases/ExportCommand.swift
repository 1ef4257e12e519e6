import Exchange
import Foundation
import Vapor

/// `kaiguul export blocklist --format rpz|hosts|domains|csv|json [--zone NAME] [--out FILE]`: the same
/// list providers download, from active block orders only.
struct ExportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "blocklist")
        var what: String
        @Option(name: "format", help: "rpz, hosts, domains, csv or json (default rpz)")
        var format: String?
        @Option(name: "zone", help: "RPZ zone name (default rpz.kaiguul)")
        var zone: String?
        @Option(name: "out", help: "write to this file instead of standard output")
        var out: String?
    }

    var help: String { "Exports the block list (export blocklist --format rpz|hosts|domains|csv|json)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.what == "blocklist" else {
            throw CommandFailure("Usage: kaiguul export blocklist --format rpz|hosts|domains|csv|json")
        }
        let format = signature.format ?? "rpz"
        guard BlocklistFormats.named(format) != nil else {
            throw CommandFailure("Unknown format \(format); use one of: \(BlocklistFormats.names.joined(separator: ", "))")
        }
        let app = context.application
        try await app.requireExistingDatabase()
        let rendered: BlocklistService.Rendered
        do {
            rendered = try await BlocklistService.render(format: format, zone: signature.zone ?? Blocklist.defaultZone,
                                                         on: app.db)
        } catch let e as AppError {
            throw CommandFailure("Invalid \(e.field ?? "input")")
        }
        if let out = signature.out {
            try Data(rendered.body.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            context.console.print("Wrote \(format) block list, serial \(rendered.serial), to \(out)")
        } else {
            context.console.print(rendered.body, newLine: false)
        }
    }
}
