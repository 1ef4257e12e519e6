import Foundation
import Logging
import Testing

@testable import App

/// `KAIGUUL_LOG_FORMAT=json`: every record one JSON object on one line, whatever its text holds.
/// (Issue 18, point 5.)
struct JSONLogTests {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        func append(_ line: String) { lock.withLock { stored.append(line) } }
        var all: [String] { lock.withLock { stored } }
    }

    static func parse(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func aRecordIsOneParsableLineWithItsFields() throws {
        // setup
        let lines = Lines()
        var logger = Logger(label: "kaiguul.test") { label in JSONLogHandler(label: label, sink: lines.append) }
        logger.logLevel = .debug
        logger[metadataKey: "request-id"] = "abc"
        let hostile = "a \"quoted\" title\nforged: {\"level\":\"critical\"}\r\t\u{01} \\ end \u{2028} кайгуул"
        // MUT
        logger.warning("\(hostile)", metadata: ["url": "https://fictional-site.example/?q=\"x\"\n",
                                                "hops": ["a", "b"], "nested": ["k": "v"]])
        logger.trace("below the level")
        // validate
        #expect(lines.all.count == 1)
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().contains("\n") == false)
        #expect(line.dropLast().contains("\r") == false)
        let object = try Self.parse(line)
        #expect(object["message"] as? String == hostile)
        #expect(object["level"] as? String == "warning")
        #expect(object["label"] as? String == "kaiguul.test")
        #expect((object["ts"] as? String)?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil)
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["request-id"] as? String == "abc")
        #expect(metadata["url"] as? String == "https://fictional-site.example/?q=\"x\"\n")
        #expect(metadata["hops"] as? [String] == ["a", "b"])
        #expect((metadata["nested"] as? [String: String]) == ["k": "v"])
    }

    @Test func theTimestampIsUTCWithMilliseconds() {
        #expect(JSONLogHandler.timestamp(Date(timeIntervalSince1970: 1_796_259_723.456)) == "2026-12-03T01:02:03.456Z")
        #expect(JSONLogHandler.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }

    @Test func everyControlCharacterIsEscaped() throws {
        // setup
        let text = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init) + ["\u{7F}"]))
        var out = ""
        // MUT
        JSONLogHandler.appendString(text, to: &out)
        // validate
        #expect(out.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F })
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(out)]".utf8)) as? [String]
        #expect(decoded == [text])
    }

    @Test func theFormatIsJSONOrTextAndNothingElse() throws {
        #expect(try LogFormat.isJSON("json"))
        #expect(try LogFormat.isJSON("JSON"))
        #expect(try !LogFormat.isJSON(nil))
        #expect(try !LogFormat.isJSON("text"))
        #expect(throws: CommandFailure.self) { try LogFormat.isJSON("jsonl") }
    }
}
