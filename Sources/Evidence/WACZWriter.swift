import Crypto
import Foundation

/// One entry point of a WACZ (`pages/pages.jsonl`).
public struct WACZPage: Sendable, Hashable {
    public var url: String
    public var date: Date
    public var title: String?
    public var id: String?
    /// Extracted text, for full-text search in replay tools.
    public var text: String?
    /// `WARC-Target-URI` of the page's full-page screenshot in the same package (`urn:fullPage:…`), when it
    /// was read in a browser: a reader of `pages.jsonl` finds what the page looked like without searching.
    public var screenshot: String?

    public init(
        url: String, date: Date, title: String? = nil, id: String? = nil, text: String? = nil, screenshot: String? = nil
    ) {
        self.url = url
        self.date = date
        self.title = title
        self.id = id
        self.text = text
        self.screenshot = screenshot
    }
}

/// Descriptive metadata for `datapackage.json`.
public struct WACZMetadata: Sendable, Hashable {
    public var title: String
    public var description: String?
    public var software: String
    public var created: Date
    public var mainPageURL: String?
    public var mainPageDate: Date?

    public init(title: String, description: String? = nil, software: String, created: Date = Date(),
                mainPageURL: String? = nil, mainPageDate: Date? = nil) {
        self.title = title
        self.description = description
        self.software = software
        self.created = created
        self.mainPageURL = mainPageURL
        self.mainPageDate = mainPageDate
    }
}

/// One file listed in `datapackage.json`.
public struct WACZResource: Sendable, Hashable, Codable {
    public var name: String
    public var path: String
    public var hash: String
    public var bytes: UInt64
}

/// A small file a package carries besides the WACZ's own (e.g. `custody/manifest.json`), listed in
/// `datapackage.json` with its hash like the others.
public struct WACZExtraFile: Sendable, Hashable {
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }
}

/// What was written.
public struct WACZSummary: Sendable, Hashable {
    public var url: URL
    public var resources: [WACZResource]
    public var indexLineCount: Int
    /// SHA-256 (hex) of the `.wacz` file itself, for the custody manifest.
    public var sha256: String
    public var size: UInt64
}

/// Writes WACZ 1.1.1 packages: `archive/` (the WARC files, STORE), `indexes/index.cdx` (CDXJ,
/// sorted), `pages/pages.jsonl`, `datapackage.json` (SHA-256 and size of every file) and
/// `datapackage-digest.json` (SHA-256 of `datapackage.json`, and `signedData` as the WACZ Signing
/// and Verification specification 0.1.0 describes it).
///
/// The WARC files go into `archive/` byte for byte as they were written, under their own names:
/// their hashes in the package are the hashes recorded at collection, which keeps the chain of
/// custody unbroken, and `.warc.gz` files with one gzip member per record are what WACZ replay
/// expects. ZIP's own compression is never applied to them (WACZ requires STORE), so a record
/// is reachable by offset inside the ZIP.
public enum WACZWriter {
    /// How WARC files enter `archive/`.
    public enum WARCEncoding: Sendable {
        /// Byte-identical to the input files (`.warc.gz` stays `.warc.gz`). The default.
        case asWritten
        /// Decompressed to plain `.warc` (larger; the file hashes then differ from collection).
        case decompressed
    }

    /// Writes the package to `destination`, which must not exist yet (evidence is never
    /// overwritten), with `signedData` in `datapackage-digest.json` made by `signer`. The package
    /// is built under a temporary name beside it and published only when complete.
    @discardableResult
    public static func write(
        warcFiles: [URL], pages: [WACZPage], metadata: WACZMetadata, to destination: URL,
        warcEncoding: WARCEncoding = .asWritten, extraFiles: [WACZExtraFile] = [], signer: any WACZSigner
    ) async throws -> WACZSummary {
        let prepared = try prepare(
            warcFiles: warcFiles, pages: pages, metadata: metadata, to: destination, warcEncoding: warcEncoding,
            extraFiles: extraFiles)
        defer { try? FileManager.default.removeItem(at: prepared.work) }
        let signed = try await signer.sign(hash: prepared.datapackageHash, created: prepared.created)
        // A signer that signs something else would make a package no reader accepts.
        guard signed.hash == prepared.datapackageHash, signed.created == prepared.created else {
            throw EvidenceError.invalidArgument("the signer returned signedData for another hash or date")
        }
        return try finish(prepared, signedData: signed)
    }

    /// The same package without `signedData` (the digest file then holds only the hash), for tools
    /// and tests that look at the WACZ layout alone; evidence packages are always signed.
    @discardableResult
    public static func write(
        warcFiles: [URL], pages: [WACZPage], metadata: WACZMetadata, to destination: URL,
        warcEncoding: WARCEncoding = .asWritten, extraFiles: [WACZExtraFile] = []
    ) throws -> WACZSummary {
        let prepared = try prepare(
            warcFiles: warcFiles, pages: pages, metadata: metadata, to: destination, warcEncoding: warcEncoding,
            extraFiles: extraFiles)
        defer { try? FileManager.default.removeItem(at: prepared.work) }
        return try finish(prepared, signedData: nil)
    }

    /// Everything of a package but its ZIP: the caller removes `work`.
    struct Prepared {
        var destination: URL
        var work: URL
        var archive: [(name: String, url: URL)]
        var indexLineCount: Int
        var index: Data
        var pagesData: Data
        var extraFiles: [WACZExtraFile]
        var resources: [WACZResource]
        var datapackage: Data
        var datapackageHash: String
        var created: String
        var stamp: Date
    }

    private static func prepare(
        warcFiles: [URL], pages: [WACZPage], metadata: WACZMetadata, to destination: URL,
        warcEncoding: WARCEncoding, extraFiles: [WACZExtraFile]
    ) throws -> Prepared {
        guard !warcFiles.isEmpty else { throw EvidenceError.invalidArgument("a WACZ needs at least one WARC file") }
        let fileManager = FileManager.default
        guard !fileManager.fileExists(atPath: destination.path) else {
            throw EvidenceError.io(path: destination.path, reason: "already exists; evidence is never overwritten")
        }
        let work = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString.lowercased()).tmp")
        do {
            try fileManager.createDirectory(at: work, withIntermediateDirectories: true)
        } catch {
            throw EvidenceError.io(path: work.path, reason: "\(error)")
        }
        do {
            return try prepare(
                warcFiles: warcFiles, pages: pages, metadata: metadata, destination: destination, work: work,
                warcEncoding: warcEncoding, extraFiles: extraFiles)
        } catch {
            try? fileManager.removeItem(at: work)
            throw error
        }
    }

    private static func prepare(
        warcFiles: [URL], pages: [WACZPage], metadata: WACZMetadata, destination: URL, work: URL,
        warcEncoding: WARCEncoding, extraFiles: [WACZExtraFile]
    ) throws -> Prepared {
        // archive/: names are lowercase and unique, as data-package resource names must be.
        var archive: [(name: String, url: URL)] = []
        var usedNames = Set<String>()
        for file in warcFiles {
            var name = resourceName(file.lastPathComponent)
            let isGzip = name.hasSuffix(".gz")
            if warcEncoding == .decompressed && isGzip { name = String(name.dropLast(3)) }
            if !name.hasSuffix(".warc") && !name.hasSuffix(".warc.gz") { name += isGzip ? ".warc.gz" : ".warc" }
            guard usedNames.insert(name).inserted else {
                throw EvidenceError.invalidArgument("two WARC files would both be archive/\(name)")
            }
            if warcEncoding == .decompressed && isGzip {
                let plain = work.appendingPathComponent(name)
                try decompress(file, to: plain)
                archive.append((name, plain))
            } else {
                archive.append((name, file))
            }
        }

        var indexLines: [String] = []
        for entry in archive {
            indexLines += try CDXJIndexer.lines(for: entry.url, filename: entry.name)
        }
        indexLines.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let index = Data(indexLines.map { $0 + "\n" }.joined().utf8)
        let pagesData = try pagesJSONL(pages)

        var resources: [WACZResource] = []
        for entry in archive {
            let (hex, size) = try FileSupport.sha256(of: entry.url)
            resources.append(WACZResource(
                name: entry.name, path: "archive/\(entry.name)", hash: "sha256:\(hex)", bytes: size))
        }
        resources.append(WACZResource(
            name: "index.cdx", path: "indexes/index.cdx", hash: "sha256:\(sha256Hex(index))",
            bytes: UInt64(index.count)))
        resources.append(WACZResource(
            name: "pages.jsonl", path: "pages/pages.jsonl", hash: "sha256:\(sha256Hex(pagesData))",
            bytes: UInt64(pagesData.count)))
        for extra in extraFiles {
            let name = resourceName(extra.path.split(separator: "/").last.map(String.init) ?? extra.path)
            guard usedNames.insert(name).inserted, !["index.cdx", "pages.jsonl"].contains(name),
                  !extra.path.hasPrefix("archive/"), !["datapackage.json", "datapackage-digest.json"].contains(extra.path)
            else { throw EvidenceError.invalidArgument("extra file \(extra.path.prefix(80)) clashes with the package") }
            resources.append(WACZResource(
                name: name, path: extra.path, hash: "sha256:\(sha256Hex(extra.data))", bytes: UInt64(extra.data.count)))
        }

        let datapackage = try datapackageJSON(metadata: metadata, resources: resources)
        return Prepared(
            destination: destination, work: work, archive: archive, indexLineCount: indexLines.count, index: index,
            pagesData: pagesData, extraFiles: extraFiles, resources: resources, datapackage: datapackage,
            datapackageHash: "sha256:\(sha256Hex(datapackage))", created: WARCDate.rfc3339(metadata.created),
            stamp: metadata.created)
    }

    private struct Digest: Encodable {
        var path = "datapackage.json"
        var hash: String
        var signedData: WACZSignedData?
    }

    private static func finish(_ prepared: Prepared, signedData: WACZSignedData?) throws -> WACZSummary {
        let destination = prepared.destination
        let digest = try jsonData(Digest(hash: prepared.datapackageHash, signedData: signedData))
        let temporary = prepared.work.appendingPathComponent("package.wacz")
        let handle = try FileSupport.createExclusive(temporary)
        let zip = ZipWriter(handle: handle, path: destination.path)
        let stamp = prepared.stamp
        for entry in prepared.archive {
            try zip.addFile(name: "archive/\(entry.name)", contentsOf: entry.url, modified: stamp)
        }
        try zip.addData(name: "indexes/index.cdx", data: prepared.index, method: .deflate, modified: stamp)
        try zip.addData(name: "pages/pages.jsonl", data: prepared.pagesData, method: .deflate, modified: stamp)
        for extra in prepared.extraFiles {
            try zip.addData(name: extra.path, data: extra.data, method: .deflate, modified: stamp)
        }
        try zip.addData(name: "datapackage.json", data: prepared.datapackage, method: .deflate, modified: stamp)
        try zip.addData(name: "datapackage-digest.json", data: digest, method: .deflate, modified: stamp)
        try zip.finish()
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw EvidenceError.io(path: temporary.path, reason: "\(error)")
        }
        let (hex, size) = try FileSupport.sha256(of: temporary)
        guard try FileSupport.publishNoReplace(temporary: temporary, final: destination) else {
            throw EvidenceError.io(path: destination.path, reason: "already exists; evidence is never overwritten")
        }
        return WACZSummary(
            url: destination, resources: prepared.resources, indexLineCount: prepared.indexLineCount, sha256: hex,
            size: size)
    }

    /// Lowercase, with anything outside `[-a-z0-9._]` replaced, so that frictionless accepts it.
    static func resourceName(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_.")
        let cleaned = String(name.lowercased().map { allowed.contains($0) ? $0 : "-" })
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "warc-" + cleaned : cleaned
    }

    static func pagesJSONL(_ pages: [WACZPage]) throws -> Data {
        var out = try jsonData(["format": "json-pages-1.0", "id": "pages", "title": "All Pages"] as [String: String])
        out.append(0x0a)
        for (number, page) in pages.enumerated() {
            var object: [String: String] = [
                "id": page.id ?? String(format: "page-%05d", number + 1),
                "url": page.url,
                "ts": WARCDate.rfc3339(page.date),
            ]
            if let title = page.title { object["title"] = title }
            if let text = page.text { object["text"] = text }
            if let screenshot = page.screenshot { object["screenshot"] = screenshot }
            out.append(try jsonData(object))
            out.append(0x0a)
        }
        return out
    }

    private struct DataPackage: Encodable {
        var profile = "data-package"
        var wacz_version = "1.1.1"
        var title: String
        var description: String?
        var created: String
        var software: String
        var mainPageUrl: String?
        var mainPageDate: String?
        var resources: [WACZResource]
    }

    static func datapackageJSON(metadata: WACZMetadata, resources: [WACZResource]) throws -> Data {
        let package = DataPackage(
            title: metadata.title, description: metadata.description, created: WARCDate.rfc3339(metadata.created),
            software: metadata.software, mainPageUrl: metadata.mainPageURL,
            mainPageDate: metadata.mainPageDate.map(WARCDate.rfc3339), resources: resources)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(package)
    }

    static func jsonData<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    private static func decompress(_ source: URL, to destination: URL) throws {
        let handle = try FileSupport.createExclusive(destination)
        defer { try? handle.close() }
        let input = try FileHandle(forReadingFrom: source)
        defer { try? input.close() }
        let gzip = try GzipMemberSource(handle: input, offset: 0, path: source.lastPathComponent)
        repeat {
            while true {
                let chunk = try gzip.read(maxLength: 1 << 20)
                if chunk.isEmpty { break }
                try handle.write(contentsOf: chunk)
            }
        } while try gzip.nextUnit()
    }
}
