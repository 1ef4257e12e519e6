import Foundation
import Testing

@testable import Evidence

/// Lists and checks a ZIP with Python's `zipfile` (independent of our writer): CRCs verified,
/// and for each entry its name, compression method and content SHA-256.
private func inspectZip(_ url: URL) throws -> [String: (method: Int, sha256: String, data: Data)] {
    let script = """
    import hashlib, json, sys, zipfile
    z = zipfile.ZipFile(sys.argv[1])
    assert z.testzip() is None
    print(json.dumps([[i.filename, i.compress_type, hashlib.sha256(z.read(i)).hexdigest(), z.read(i).hex()
                       if i.file_size < 200000 else ""] for i in z.infolist()]))
    """
    let result = try run("/usr/bin/env", ["python3", "-c", script, url.path])
    #expect(result.status == 0)
    let rows = try JSONSerialization.jsonObject(with: result.output) as? [[Any]] ?? []
    var entries: [String: (Int, String, Data)] = [:]
    for row in rows {
        guard let name = row[0] as? String, let method = row[1] as? Int, let hash = row[2] as? String,
              let hex = row[3] as? String else { continue }
        entries[name] = (method, hash, Data(HexEncoding.decode(hex) ?? []))
    }
    return entries
}

@Suite struct WACZWriterTests {
    private func capture(_ directory: URL) async throws -> (files: [URL], page: HTTPCaptureRecords) {
        let writer = try makeWriter(directory)
        let page = try await writer.write(sampleCapture(uri: "https://news.example.kg/article/1"))
        _ = try await writer.write(ResourceCapture(
            targetURI: "https://news.example.kg/img/1.png", date: Date(timeIntervalSince1970: 1_717_243_201),
            contentType: "image/png", body: .data(pseudoRandomBytes(5000, seed: 6)),
            concurrentTo: [page.response.recordID], source: "source:7"))
        try await writer.close()
        let names = await writer.fileNames
        return (names.map { directory.appendingPathComponent($0) }, page)
    }

    @Test func packageHasTheWACZLayoutAndHashes() async throws {
        let temp = try TemporaryDirectory()
        let (files, page) = try await capture(temp.url.appendingPathComponent("warc"))
        let destination = temp.file("case.wacz")

        let summary = try WACZWriter.write(
            warcFiles: files,
            pages: [WACZPage(url: "https://news.example.kg/article/1", date: Date(timeIntervalSince1970: 1_717_243_200),
                             title: "Статья / Макала")],
            metadata: WACZMetadata(title: "Case 2024/17", software: "Kaiguul/0.0.0-test",
                                   created: Date(timeIntervalSince1970: 1_717_300_000),
                                   mainPageURL: "https://news.example.kg/article/1"),
            to: destination)

        let entries = try inspectZip(destination)
        let warcName = "archive/\(files[0].lastPathComponent)"
        #expect(Set(entries.keys) == [warcName, "indexes/index.cdx", "pages/pages.jsonl", "datapackage.json",
                                      "datapackage-digest.json"])
        // The WARC is stored (method 0) and byte-identical to the evidence file.
        #expect(entries[warcName]?.method == 0)
        #expect(entries[warcName]?.sha256 == (try coreutilsSHA256(try Data(contentsOf: files[0]))))

        let package = try #require(
            try JSONSerialization.jsonObject(with: entries["datapackage.json"]?.data ?? Data()) as? [String: Any])
        #expect(package["profile"] as? String == "data-package")
        #expect(package["wacz_version"] as? String == "1.1.1")
        #expect(package["created"] as? String == "2024-06-02T03:46:40Z")
        let resources = try #require(package["resources"] as? [[String: Any]])
        #expect(resources.count == 3)
        for resource in resources {
            let path = try #require(resource["path"] as? String)
            #expect(resource["hash"] as? String == "sha256:\(entries[path]?.sha256 ?? "?")")
            #expect((resource["bytes"] as? Int) == entries[path]?.data.count)
            #expect(resource["name"] as? String == (path as NSString).lastPathComponent)
        }
        let digest = try #require(
            try JSONSerialization.jsonObject(with: entries["datapackage-digest.json"]?.data ?? Data())
                as? [String: Any])
        #expect(digest["path"] as? String == "datapackage.json")
        #expect(digest["hash"] as? String == "sha256:\(entries["datapackage.json"]?.sha256 ?? "?")")

        let pages = String(decoding: entries["pages/pages.jsonl"]?.data ?? Data(), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        #expect(pages.count == 2)
        let header = try JSONSerialization.jsonObject(with: Data(pages[0].utf8)) as? [String: String]
        #expect(header?["format"] == "json-pages-1.0")
        let first = try JSONSerialization.jsonObject(with: Data(pages[1].utf8)) as? [String: String]
        #expect(first?["url"] == "https://news.example.kg/article/1")
        #expect(first?["ts"] == "2024-06-01T12:00:00Z")
        #expect(first?["title"] == "Статья / Макала")

        // The index points at the page's response record, sorted by key.
        let index = String(decoding: entries["indexes/index.cdx"]?.data ?? Data(), as: UTF8.self)
        let lines = index.split(separator: "\n").map(String.init)
        #expect(summary.indexLineCount == 2)
        #expect(lines == lines.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        let line = try #require(lines.first { $0.hasPrefix("kg,example,news)/article/1 ") })
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(line.split(separator: " ", maxSplits: 2)[2].utf8))
                as? [String: String])
        #expect(line.split(separator: " ")[1] == "20240601120000")
        #expect(json["offset"] == String(page.response.location.offset))
        #expect(json["length"] == String(page.response.location.length))
        #expect(json["filename"] == files[0].lastPathComponent)
        #expect(json["status"] == "200")
        #expect(json["mime"] == "text/html")
        #expect(json["digest"] == "sha256:\(page.payloadSHA256)")
        #expect(lines.contains {
            $0.hasPrefix("kg,example,news)/img/1.png ") && $0.contains("\"mime\": \"image/png\"")
        })

        // What the summary says about the package file is true.
        #expect(summary.sha256 == (try coreutilsSHA256(try Data(contentsOf: destination))))
    }

    @Test func decompressedWARCsKeepValidOffsets() async throws {
        let temp = try TemporaryDirectory()
        let (files, page) = try await capture(temp.url.appendingPathComponent("warc"))
        let destination = temp.file("plain.wacz")
        try WACZWriter.write(
            warcFiles: files, pages: [], metadata: WACZMetadata(title: "t", software: "s"), to: destination,
            warcEncoding: .decompressed)
        let entries = try inspectZip(destination)
        let name = files[0].lastPathComponent.replacingOccurrences(of: ".warc.gz", with: ".warc")
        let warc = try #require(entries["archive/\(name)"]?.data)
        #expect(warc.starts(with: Data("WARC/1.1\r\n".utf8)))
        let index = String(decoding: entries["indexes/index.cdx"]?.data ?? Data(), as: UTF8.self)
        let line = try #require(index.split(separator: "\n").first { $0.hasPrefix("kg,example,news)/article/1 ") })
        let json = try #require(try JSONSerialization.jsonObject(
            with: Data(line.split(separator: " ", maxSplits: 2)[2].utf8)) as? [String: String])
        let offset = try #require(Int(json["offset"] ?? ""))
        let length = try #require(Int(json["length"] ?? ""))
        let record = warc[offset..<(offset + length)]
        #expect(String(decoding: record.prefix(1000), as: UTF8.self).contains(page.response.recordID))
        #expect(record.suffix(4) == Data("\r\n\r\n".utf8))
    }

    @Test func existingPackagesAreNeverOverwritten() async throws {
        let temp = try TemporaryDirectory()
        let (files, _) = try await capture(temp.url.appendingPathComponent("warc"))
        let destination = temp.file("case.wacz")
        try Data("earlier package".utf8).write(to: destination)
        #expect(throws: EvidenceError.self) {
            try WACZWriter.write(warcFiles: files, pages: [], metadata: WACZMetadata(title: "t", software: "s"),
                                 to: destination)
        }
        #expect(try Data(contentsOf: destination) == Data("earlier package".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.url.path).sorted() == ["case.wacz", "warc"])
        #expect(throws: EvidenceError.self) {
            try WACZWriter.write(warcFiles: [], pages: [], metadata: WACZMetadata(title: "t", software: "s"),
                                 to: temp.file("empty.wacz"))
        }
    }

    @Test func zipRefusesToGrowPastItsLimit() throws {
        let temp = try TemporaryDirectory()
        let big = temp.file("big.warc")
        try Data(count: 5000).write(to: big)
        let handle = try FileSupport.createExclusive(temp.file("out.zip"))
        let zip = ZipWriter(handle: handle, path: "out.zip", limit: 4096)
        #expect(throws: EvidenceError.self) {
            try zip.addFile(name: "archive/big.warc", contentsOf: big, modified: Date())
        }
        let small = ZipWriter(handle: try FileSupport.createExclusive(temp.file("dup.zip")), path: "dup.zip")
        try small.addData(name: "a.json", data: Data("{}".utf8), method: .store, modified: Date())
        #expect(throws: EvidenceError.self) {
            try small.addData(name: "a.json", data: Data("{}".utf8), method: .store, modified: Date())
        }
        #expect(throws: EvidenceError.self) {
            try small.addData(name: "../evil", data: Data(), method: .store, modified: Date())
        }
    }
}
