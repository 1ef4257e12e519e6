import Foundation
import Synchronization

/// Prints an HTML document to PDF with headless Chromium (`--print-to-pdf`), as the court packet does
/// (`CourtPacketPDF`, whose browser lookup this shares). The guide's leaflet is public, so it has its
/// own slots: a burst of public requests can never take the court packet's browsers.
enum HeadlessChromium {
    enum Failure: Error, CustomStringConvertible {
        case chromiumMissing
        case failed(String)
        case busy

        var description: String {
            switch self {
            case .chromiumMissing: "Chromium was not found (set KAIGUUL_CHROMIUM or install chromium)"
            case .failed(let reason): "Chromium could not print: \(reason)"
            case .busy: "Chromium is already printing \(HeadlessChromium.maxPrinting) leaflets"
            }
        }
    }

    static let maxPrinting = 1
    private static let printing = Mutex(0)

    /// The HTML is written to a folder of its own, printed from there with a throwaway profile, and the
    /// folder removed.
    static func print(html: String, timeout: TimeInterval = 60) async throws -> Data {
        guard let chromium = CourtPacketPDF.chromium() else { throw Failure.chromiumMissing }
        let admitted = printing.withLock { count in
            guard count < maxPrinting else { return false }
            count += 1
            return true
        }
        guard admitted else { throw Failure.busy }
        defer { printing.withLock { $0 -= 1 } }
        let work = FileManager.default.temporaryDirectory
            .appendingPathComponent("kaiguul-print-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let page = work.appendingPathComponent("page.html")
        let pdf = work.appendingPathComponent("page.pdf")
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

    /// Output discarded (Chromium prints dbus noise); killed after `timeout`.
    private static func run(_ executable: URL, _ arguments: [String], timeout: TimeInterval) throws -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw Failure.failed("\(error)") }
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
