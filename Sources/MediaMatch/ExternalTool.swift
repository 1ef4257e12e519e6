import Foundation

/// Why running ffmpeg or tesseract failed.
public enum ExternalToolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The program is not installed (or not on PATH): everything else keeps working.
    case missing(tool: String)
    case failed(tool: String, status: Int32, message: String)
    case timedOut(tool: String, seconds: Double)
    case outputTooLarge(tool: String, limit: Int)

    public var description: String {
        switch self {
        case let .missing(tool):
            "\(tool) is not installed (apt-get install \(tool == "tesseract" ? "tesseract-ocr" : tool))"
        case let .failed(tool, status, message): "\(tool) exited with status \(status): \(message)"
        case let .timedOut(tool, seconds): "\(tool) did not finish within \(Int(seconds)) s"
        case let .outputTooLarge(tool, limit): "\(tool) wrote more than \(limit) bytes"
        }
    }
}

/// Runs an external program with bounded time and output. Standard output goes to a callback
/// in chunks (so video frames are hashed as they arrive, never all held at once); standard
/// error is kept up to 16 KiB for the error message.
struct ExternalTool: Sendable {
    let name: String
    let executable: URL

    /// Finds `nameOrPath` as given (when it contains a slash) or on PATH.
    static func locate(_ nameOrPath: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> ExternalTool? {
        let fm = FileManager.default
        let name = (nameOrPath as NSString).lastPathComponent
        if nameOrPath.contains("/") {
            return fm.isExecutableFile(atPath: nameOrPath)
                ? ExternalTool(name: name, executable: URL(fileURLWithPath: nameOrPath)) : nil
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(nameOrPath)"
            if fm.isExecutableFile(atPath: candidate) {
                return ExternalTool(name: name, executable: URL(fileURLWithPath: candidate))
            }
        }
        return nil
    }

    /// `onOutput` returns false to stop reading (the process is then terminated).
    func run(_ arguments: [String], timeout: Double, onOutput: (Data) -> Bool) throws(ExternalToolError) -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let box = ProcessBox(process)
        let errors = ErrorCollector()
        let errorHandle = stderr.fileHandleForReading
        let errorsDone = DispatchSemaphore(value: 0)
        do {
            try process.run()
        } catch {
            throw .missing(tool: name)
        }
        DispatchQueue.global().async {
            while true {
                let chunk = errorHandle.availableData
                if chunk.isEmpty { break }
                errors.append(chunk)
            }
            errorsDone.signal()
        }
        let timer = DispatchWorkItem { box.timeOut() }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        let reader = stdout.fileHandleForReading
        var stopped = false
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            if !stopped && !onOutput(chunk) {
                stopped = true
                box.stop()
            }
        }
        process.waitUntilExit()
        timer.cancel()
        errorsDone.wait()
        if box.didTimeOut { throw .timedOut(tool: name, seconds: timeout) }
        if stopped { return 0 }
        let status = process.terminationStatus
        if status != 0 || process.terminationReason != .exit {
            throw .failed(tool: name, status: status, message: errors.text)
        }
        return status
    }
}

/// Process is not Sendable; the timer only calls terminate, which is safe from any thread.
private final class ProcessBox: @unchecked Sendable {
    private let process: Process
    private let lock = NSLock()
    private var timedOut = false

    init(_ process: Process) { self.process = process }

    func timeOut() {
        lock.withLock { timedOut = true }
        stop()
    }

    func stop() {
        if process.isRunning { process.terminate() }
    }

    var didTimeOut: Bool { lock.withLock { timedOut } }
}

private final class ErrorCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ chunk: Data) {
        lock.withLock {
            if data.count < 16_384 { data.append(chunk.prefix(16_384 - data.count)) }
        }
    }

    var text: String {
        lock.withLock { String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }
}
