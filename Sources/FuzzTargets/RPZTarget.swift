import Exchange
import Foundation

/// The RPZ writer checked by a real peer: every line of the input is read as a block target, and the
/// zone written for the domains among them must load in BIND's `named-checkzone` with one CNAME and one
/// wildcard CNAME per domain. A name the writer emits that BIND refuses would break every provider's
/// resolver at the next transfer.
enum RPZTarget {
    static let checkzone = ProcessInfo.processInfo.environment["KAIGUUL_NAMED_CHECKZONE"] ?? "/usr/bin/named-checkzone"

    static let target = FuzzTarget(name: "rpz") { bytes in
        let lines = FuzzSupport.text(bytes).split(separator: "\n").prefix(50)
        var entries: [BlocklistEntry] = []
        for (index, line) in lines.enumerated() {
            guard let target = try? BlockTarget.parse(String(line)), target.blockableDomain != nil else { continue }
            entries.append(BlocklistEntry(orderID: "order-\(index)", target: target, decisionNumber: "1-2026",
                                          court: "Court", decisionDate: "2026-01-01"))
        }
        guard !entries.isEmpty else { return }
        let list: Blocklist
        do {
            list = try Blocklist(entries: entries, serial: 7, generatedAt: Date(timeIntervalSince1970: 1_767_225_600))
        } catch {
            fatalError("the default zone is refused: \(error)")
        }
        let zone = RPZFormat().render(list)
        let file = FuzzSupport.file("fuzz.rpz", Array(zone.utf8))
        let (status, output) = run(checkzone, ["-q", "-k", "fail", "-i", "full", list.zone, file.path])
        invariant(status == 0, "named-checkzone refused the zone (\(status)): \(output)\n\(zone)")
        // Every domain is in the zone, as itself and under the wildcard.
        let records = Set(zone.split(separator: "\n").map(String.init))
        for domain in list.blockedDomains {
            invariant(records.contains("\(domain) CNAME .") && records.contains("*.\(domain) CNAME ."),
                         "\(domain) is not blocked by the zone")
        }
    }

    /// Output goes to a scratch file, not a Pipe: Foundation's pipe read traps on EINTR, which libFuzzer's
    /// timer signal causes.
    static func run(_ tool: String, _ arguments: [String]) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let log = FuzzSupport.file("checkzone.log", [])
        guard let output = try? FileHandle(forWritingTo: log) else { fatalError("cannot open \(log.path)") }
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            fatalError("cannot run \(tool): \(error)")
        }
        process.waitUntilExit()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return (process.terminationStatus, text)
    }
}
