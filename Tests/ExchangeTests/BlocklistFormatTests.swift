import Foundation
import Testing
@testable import Exchange

@Suite("Block list formats")
struct BlocklistFormatTests {
    static let date = Date(timeIntervalSince1970: 1_746_000_000) // 2025-04-30T08:00:00Z

    static func entry(_ id: String, _ target: String, court: String = "Oktyabrsky District Court of Bishkek",
                      number: String = "2-77/2025") throws -> BlocklistEntry {
        BlocklistEntry(orderID: id, target: try BlockTarget.parse(target), decisionNumber: number, court: court,
                       decisionDate: "2025-03-14")
    }

    static func list(_ entries: [BlocklistEntry], serial: UInt32 = 42) throws -> Blocklist {
        try Blocklist(entries: entries, serial: serial, zone: "rpz.kaiguul", generatedAt: date)
    }

    static func sample() throws -> Blocklist {
        try list([
            entry("1", "fictional-front.example"),
            entry("2", "https://t.me/somechannel"),
            entry("3", "пример.кг"),
            entry("4", "https://www.youtube.com/watch?v=abcdEFGH123"),
            entry("5", "https://fictional-front.example/"), // a second order on the same domain
        ])
    }

    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map(String.init)
    }

    @Test("blocking https://t.me/somechannel cannot block t.me")
    func anAccountNeverBlocksThePlatform() throws {
        let list = try Self.sample()
        for format in [RPZFormat(), HostsFormat(), DomainsFormat()] as [any BlocklistFormat] {
            let text = format.render(list)
            #expect(!text.contains("t.me"), "\(format.name) carries t.me")
            #expect(!text.contains("youtube"), "\(format.name) carries youtube")
        }
        let csv = CSVFormat().render(list)
        #expect(csv.contains("2,account,https://t.me/somechannel,telegram,somechannel,"))
        #expect(csv.contains("4,url,https://www.youtube.com/watch?v=abcdEFGH123,,,"))
        let json = try Self.jsonEntries(JSONFormat().render(list))
        let account = try #require(json.first { $0["order_id"] as? String == "2" })
        #expect(account["kind"] as? String == "account")
        #expect(account["target"] as? String == "https://t.me/somechannel")
        #expect(account["domain"] == nil)
    }

    @Test func rpzCarriesEachDomainAndItsSubdomainsAsNXDOMAIN() throws {
        let text = RPZFormat().render(try Self.sample())
        let lines = Self.lines(text)
        #expect(lines.contains("$ORIGIN rpz.kaiguul."))
        #expect(lines.contains("$TTL 300"))
        #expect(lines.contains("@ IN SOA localhost. hostmaster.localhost. (42 3600 600 604800 300)"))
        #expect(lines.contains("@ IN NS localhost."))
        let records = lines.filter { !$0.hasPrefix(";") && !$0.hasPrefix("$") && !$0.hasPrefix("@") }
        #expect(records == [
            "fictional-front.example CNAME .",
            "*.fictional-front.example CNAME .",
            "xn--e1afmkfd.xn--c1an CNAME .",
            "*.xn--e1afmkfd.xn--c1an CNAME .",
        ])
    }

    @Test func hostsAndDomainsListOnlyDomains() throws {
        let list = try Self.sample()
        #expect(DomainsFormat().render(list) == "fictional-front.example\nxn--e1afmkfd.xn--c1an\n")
        let hosts = Self.lines(HostsFormat().render(list)).filter { !$0.hasPrefix("#") }
        #expect(hosts == [
            "0.0.0.0 fictional-front.example", "0.0.0.0 www.fictional-front.example",
            "0.0.0.0 xn--e1afmkfd.xn--c1an", "0.0.0.0 www.xn--e1afmkfd.xn--c1an",
        ])
    }

    @Test func csvQuotesHostileValues() throws {
        let hostile = "Court \"North\", room 5\r\nfake,row"
        let list = try Self.list([
            Self.entry("1", "fictional-front.example", court: hostile, number: "=HYPERLINK(\"http://x\")"),
            Self.entry("2", "other.example", court: "@SUM(A1)", number: "line\nbreak"),
        ])
        let csv = CSVFormat().render(list)
        let rows = Self.parseCSV(csv)
        #expect(rows.count == 3)
        #expect(rows[0] == CSVFormat.header)
        #expect(rows[1] == ["1", "domain", "fictional-front.example", "", "", "'=HYPERLINK(\"http://x\")", hostile,
                            "2025-03-14"])
        #expect(rows[2] == ["2", "domain", "other.example", "", "", "line\nbreak", "'@SUM(A1)", "2025-03-14"])
        #expect(csv.hasSuffix("\r\n"))
    }

    @Test func jsonIsValidAndComplete() throws {
        let text = JSONFormat().render(try Self.sample())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["serial"] as? Int == 42)
        #expect(object["zone"] as? String == "rpz.kaiguul")
        #expect(object["generated_at"] as? String == "2025-04-30T08:00:00Z")
        let entries = try Self.jsonEntries(text)
        #expect(entries.count == 5)
        let cyrillic = try #require(entries.first { $0["order_id"] as? String == "3" })
        #expect(cyrillic["domain"] as? String == "xn--e1afmkfd.xn--c1an")
        let decision = try #require(cyrillic["decision"] as? [String: Any])
        #expect(decision["number"] as? String == "2-77/2025")
        #expect(decision["date"] as? String == "2025-03-14")
        #expect(!text.contains("\\/"))
    }

    @Test func jsonEscapesHostileText() throws {
        let court = "Court\"}, {\"order_id\": \"evil\"\n"
        let text = JSONFormat().render(try Self.list([Self.entry("1", "fictional-front.example", court: court)]))
        let entries = try Self.jsonEntries(text)
        #expect(entries.count == 1)
        #expect((entries[0]["decision"] as? [String: Any])?["court"] as? String == court)
    }

    @Test func outputIsStableAndTheETagFollowsTheBytes() throws {
        var list = try Self.sample()
        let shuffled = try Self.list(list.entries.reversed())
        for format in BlocklistFormats.all {
            #expect(format.render(list) == format.render(shuffled), "\(format.name) depends on input order")
        }
        let rpz = RPZFormat().render(list)
        let tag = BlocklistETag.of(rpz)
        #expect(tag == BlocklistETag.of(RPZFormat().render(shuffled)))
        #expect(tag.hasPrefix("\"sha256-") && tag.hasSuffix("\"") && tag.count == 73)
        // Providers cache by this tag: it is the plain SHA-256 of the bytes and stays so.
        #expect(BlocklistETag.of("abc") == "\"sha256-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"")
        list.serial += 1
        #expect(BlocklistETag.of(RPZFormat().render(list)) != tag)
        #expect(BlocklistETag.matches(ifNoneMatch: "\"other\", W/\(tag)", etag: tag))
        #expect(BlocklistETag.matches(ifNoneMatch: "*", etag: tag))
        #expect(!BlocklistETag.matches(ifNoneMatch: "\"other\"", etag: tag))
    }

    @Test func formatsAreRegisteredByName() {
        #expect(BlocklistFormats.names == ["rpz", "hosts", "domains", "csv", "json"])
        #expect(BlocklistFormats.named("RPZ")?.name == "rpz")
        #expect(BlocklistFormats.named("stix") == nil)
    }

    @Test func theZoneNameIsValidated() throws {
        #expect(try Blocklist(entries: [], serial: 1, zone: "RPZ.Kaiguul.", generatedAt: Self.date).zone
                == "rpz.kaiguul")
        #expect(throws: BlockTargetError.invalidCharacter) {
            try Blocklist(entries: [], serial: 1, zone: "rpz\nevil", generatedAt: Self.date)
        }
        #expect(throws: BlockTargetError.invalidCharacter) {
            try RPZFormat().render(entries: [], serial: 1, zone: "bad zone", generatedAt: Self.date)
        }
    }

    @Test(
        "named-checkzone accepts the exported zone",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/named-checkzone")
                 || FileManager.default.isExecutableFile(atPath: "/usr/sbin/named-checkzone"))
    )
    func namedCheckzoneAcceptsTheZone() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rpz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, list) in [("full", try Self.sample()), ("empty", try Self.list([]))] {
            let file = directory.appendingPathComponent("\(name).rpz")
            try RPZFormat().render(list).write(to: file, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["named-checkzone", "rpz.kaiguul", file.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(output)")
            #expect(output.contains("loaded serial 42"), "\(output)")
        }
    }

    // MARK: - helpers

    static func jsonEntries(_ text: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        return try #require(object?["entries"] as? [[String: Any]])
    }

    /// A strict RFC 4180 reader, written independently of the writer, to read back what it wrote.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" {
                        field.unicodeScalars.append("\"")
                        scalars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\r" && scalars.first == "\n" {
                scalars.removeFirst()
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        return rows
    }
}
