import Foundation
import Synchronization

/// Prints an HTML document to PDF with headless Chromium (`--print-to-pdf`), the browser the browser
/// test drives. Chromium is found at `KAIGUUL_CHROMIUM` or on PATH (`chromium`, `chromium-browser`);
/// without it the HTML pages still work and the PDFs are refused. Each kind of document has a printer
/// with slots of its own (each slot is a whole Chromium for up to `timeout`), so a burst of public
/// leaflet requests never takes the court packet's browsers.
final class ChromiumPrinter: Sendable {
    enum Failure: Error, CustomStringConvertible {
        case chromiumMissing
        case failed(String)
        /// Already `slots` browsers at work on this kind of document.
        case busy(documents: String, slots: Int)

        var description: String {
            switch self {
            case .chromiumMissing: "Chromium was not found (set KAIGUUL_CHROMIUM or install chromium)"
            case .failed(let reason): "Chromium could not print: \(reason)"
            case .busy(let documents, let slots): "Chromium is already printing \(slots) \(documents)"
            }
        }
    }

    /// What it prints, in the busy message ("court packets") and in its work folders' names.
    let documents: String
    let slots: Int
    let timeout: TimeInterval
    private let printing = Mutex(0)

    init(documents: String, slots: Int, timeout: TimeInterval) {
        self.documents = documents
        self.slots = slots
        self.timeout = timeout
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

    /// The HTML is written to a folder of its own, printed from there with a throwaway browser
    /// profile, and the folder removed.
    func print(html: String) async throws -> Data {
        guard let chromium = Self.chromium() else { throw Failure.chromiumMissing }
        let admitted = printing.withLock { count in
            guard count < slots else { return false }
            count += 1
            return true
        }
        guard admitted else { throw Failure.busy(documents: documents, slots: slots) }
        defer { printing.withLock { $0 -= 1 } }
        let work = FileManager.default.temporaryDirectory
            .appendingPathComponent("kaiguul-print-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let page = work.appendingPathComponent("to-print.html")
        let pdf = work.appendingPathComponent("to-print.pdf")
        try Data(html.utf8).write(to: page)
        let arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(work.appendingPathComponent("profile").path)", "--no-pdf-header-footer",
            "--print-to-pdf=\(pdf.path)", page.absoluteString,
        ]
        let timeout = timeout
        let status = try await Task.detached { try Self.run(chromium, arguments, timeout: timeout) }.value
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
