import Foundation
import Synchronization

/// Prints the court packet's HTML to PDF with headless Chromium (`--print-to-pdf`), the same
/// browser the browser test drives. Chromium is found at `KAIGUUL_CHROMIUM` or on PATH
/// (`chromium`, `chromium-browser`); without it the HTML page still works and the PDF is refused.
enum CourtPacketPDF {
    enum Failure: Error, CustomStringConvertible {
        case chromiumMissing
        case failed(String)
        /// Already `maxPrinting` browsers at work: each is a whole Chromium for up to 90 s.
        case busy

        var description: String {
            switch self {
            case .chromiumMissing: "Chromium was not found (set KAIGUUL_CHROMIUM or install chromium)"
            case .failed(let reason): "Chromium could not print the court packet: \(reason)"
            case .busy: "Chromium is already printing \(CourtPacketPDF.maxPrinting) court packets"
            }
        }
    }

    static func chromium(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let fileManager = FileManager.default
        if let configured = environment["KAIGUUL_CHROMIUM"], !configured.isEmpty {
            return fileManager.isExecutableFile(atPath: configured) ? URL(fileURLWithPath: configured) : nil
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in ["chromium", "chromium-browser"] {
            for directory in path.split(separator: ":") where !directory.isEmpty {
                let candidate = "\(directory)/\(name)"
                if fileManager.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
            }
        }
        return nil
    }

    /// Renders `html` to PDF bytes. The HTML is written to a temporary folder of its own, printed
    /// from there with a throwaway browser profile, and the folder removed.
    static let maxPrinting = 2
    private static let printing = Mutex(0)

    static func print(html: String, timeout: TimeInterval = 90) async throws -> Data {
        guard let chromium = chromium() else { throw Failure.chromiumMissing }
        let admitted = printing.withLock { count in
            guard count < maxPrinting else { return false }
            count += 1
            return true
        }
        guard admitted else { throw Failure.busy }
        defer { printing.withLock { $0 -= 1 } }
        let work = FileManager.default.temporaryDirectory
            .appendingPathComponent("kaiguul-court-packet-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let page = work.appendingPathComponent("court-packet.html")
        let pdf = work.appendingPathComponent("court-packet.pdf")
        try Data(html.utf8).write(to: page)
        let arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(work.appendingPathComponent("profile").path)", "--no-pdf-header-footer",
            "--print-to-pdf=\(pdf.path)", page.absoluteString,
        ]
        let status = try await Task.detached { try run(chromium, arguments, timeout: timeout) }.value
        guard status == 0, let data = try? Data(contentsOf: pdf), data.starts(with: Data("%PDF".utf8)) else {
            throw Failure.failed("exit status \(status), no PDF written")
        }
        return data
    }

    /// Runs the browser with its output discarded (it prints dbus noise) and kills it after `timeout`.
    private static func run(_ executable: URL, _ arguments: [String], timeout: TimeInterval) throws -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure.failed("\(error)")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw Failure.failed("did not finish within \(Int(timeout)) s")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return process.terminationStatus
    }
}
