import Foundation
import Testing
@testable import Exchange

/// The exported RPZ in a real resolver: scripts/test-rpz.sh starts Unbound on loopback with the zone
/// this target renders, before and after a block is lifted. Runs where Unbound and the BIND tools are
/// installed (as on the project's machines and CI); skipped elsewhere.
@Suite("RPZ in Unbound")
struct ResolverTests {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
    static let script = repositoryRoot.appendingPathComponent("scripts/test-rpz.sh")

    static var toolsPresent: Bool {
        let paths = ["/usr/sbin/unbound", "/usr/sbin/unbound-control", "/usr/bin/named-checkzone", "/usr/bin/dig"]
        return paths.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
            && FileManager.default.fileExists(atPath: script.path)
    }

    @Test("a blocked domain and its subdomains get NXDOMAIN until the block is lifted", .enabled(if: toolsPresent))
    func blockAndLift() throws {
        let date = Date(timeIntervalSince1970: 1_746_000_000)
        func entry(_ id: String, _ target: String) throws -> BlocklistEntry {
            BlocklistEntry(orderID: id, target: try BlockTarget.parse(target), decisionNumber: "2-77/2025",
                           court: "Oktyabrsky District Court of Bishkek", decisionDate: "2025-03-14")
        }
        let active = [
            try entry("1", "https://lifted.kaiguul.test/"),
            try entry("2", "пример.испытание"),
            try entry("3", "https://t.me/somechannel"),
        ]
        let afterLift = active.filter { $0.orderID != "1" }

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rpz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let blockedFile = directory.appendingPathComponent("blocked.rpz")
        let liftedFile = directory.appendingPathComponent("lifted.rpz")
        try RPZFormat().render(entries: active, serial: 10, generatedAt: date)
            .write(to: blockedFile, atomically: true, encoding: .utf8)
        try RPZFormat().render(entries: afterLift, serial: 11, generatedAt: date)
            .write(to: liftedFile, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            Self.script.path, "--zone", Blocklist.defaultZone,
            "--lifted", "lifted.kaiguul.test", "--blocked", "xn--e1afmkfd.xn--80akhbyknj4f",
            "--open", "open.kaiguul.test", "--open", "t.me",
            blockedFile.path, liftedFile.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("test-rpz: PASSED"), "\(output)")
        #expect(output.contains("policy zone rpz.kaiguul loaded with serial 11"), "\(output)")
    }
}
