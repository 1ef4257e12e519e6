import Foundation
import Testing

@testable import Evidence

/// A fresh temporary folder, removed when the test ends.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kaiguul-evidence-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
}

/// Runs a program and returns its exit status and standard output.
@discardableResult
func run(_ executable: String, _ arguments: [String], input: Data? = nil) throws -> (status: Int32, output: Data) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let stdout = Pipe()
    process.standardOutput = stdout
    process.standardError = FileHandle.nullDevice
    let stdin = Pipe()
    if input != nil { process.standardInput = stdin }
    try process.run()
    if let input {
        // Write from another thread: a filter's output pipe can fill before it has read all input.
        let writer = stdin.fileHandleForWriting
        Thread.detachNewThread {
            writer.write(input)
            try? writer.close()
        }
    }
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, output)
}

/// SHA-256 computed by coreutils, independently of the code under test.
func coreutilsSHA256(_ data: Data) throws -> String {
    let result = try run("/usr/bin/env", ["sha256sum"], input: data)
    return String(decoding: result.output.prefix(64), as: UTF8.self)
}

/// Decompresses with the system `gzip`, independently of the code under test. gzip itself
/// concatenates members, so one call on one member's bytes yields that member only.
func systemGunzip(_ data: Data) throws -> Data {
    let result = try run("/usr/bin/env", ["gzip", "-dc"], input: data)
    #expect(result.status == 0)
    return result.output
}

func pseudoRandomBytes(_ count: Int, seed: UInt64) -> Data {
    var state = seed
    var bytes = [UInt8](repeating: 0, count: count)
    for index in 0..<count {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        bytes[index] = UInt8(truncatingIfNeeded: state >> 33)
    }
    return Data(bytes)
}

/// A typical fetch of a page of a fictional site.
func sampleCapture(
    uri: String = "https://news.example.kg/article/1?b=2&a=1",
    body: Data = Data("<html><title>Test</title></html>".utf8),
    date: Date = Date(timeIntervalSince1970: 1_717_243_200.25), truncated: WARCTruncation? = nil,
    responseHeaders: [HTTPField]? = nil
) -> HTTPCapture {
    HTTPCapture(
        targetURI: uri, date: date, ipAddress: "192.0.2.10",
        request: HTTPRequestHead(target: requestTarget(uri), headers: [
            HTTPField("Host", URLComponents(string: uri)?.host ?? "news.example.kg"),
            HTTPField("User-Agent", "Kaiguul-Test/1.0"),
        ]),
        response: HTTPResponseHead(status: 200, reason: "OK", headers: responseHeaders ?? [
            HTTPField("Content-Type", "text/html; charset=utf-8"), HTTPField("Content-Length", "\(body.count)"),
        ]),
        responseBody: .data(body), truncated: truncated, source: "source:7 website news.example.kg"
    )
}

func makeWriter(_ directory: URL, maxFileSize: UInt64 = 1_000_000_000) throws -> WARCWriter {
    try WARCWriter(configuration: WARCWriterConfiguration(
        directory: directory, maxFileSize: maxFileSize, software: "Kaiguul/0.0.0-test", collector: "test-worker",
        operatorName: "Test Unit", hostname: "test-host"))
}

/// Every record of a file: header, block and where it ended.
func readAll(_ file: URL) throws -> [(header: WARCRecordHeader, block: Data, end: WARCRecordEnd)] {
    let reader = try WARCReader(url: file)
    var records: [(WARCRecordHeader, Data, WARCRecordEnd)] = []
    while let header = try reader.next() {
        let block = try reader.readEntireBlock(limit: 64 << 20)
        records.append((header, block, try reader.finishRecord()))
    }
    return records
}

/// The entity body of an HTTP message block (after the blank line).
func httpBody(_ block: Data) -> Data {
    guard let range = block.range(of: Data("\r\n\r\n".utf8)) else { return Data() }
    return block[range.upperBound...]
}

/// Origin-form request target (`/path?query`) of a URI, as a client would send it.
func requestTarget(_ uri: String) -> String {
    guard let components = URLComponents(string: uri) else { return "/" }
    let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
    return components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
}
