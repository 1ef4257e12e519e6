import Foundation

/// Kaiguul's own WARC check. `warcio check` verifies digests but passes files that break the
/// standard in other ways (a missing `WARC-Date`, a `Content-Length` that only happens to land on
/// a record boundary, a payload digest on a record that has no payload); this check reports them.
///
/// It reads each file once, streaming: memory is bounded by the reader's header limits and the
/// HTTP head limit, whatever the size of the blocks.
public enum WARCConformance {
    public struct Options: Sendable {
        /// Kaiguul's rule for its own evidence: every record has `WARC-Block-Digest`, and every
        /// request, response and resource record also has `WARC-Payload-Digest`.
        public var requireDigests: Bool
        /// Largest HTTP head (status line and headers) looked at to find the payload.
        public var maxHTTPHeadBytes: Int
        public var readerLimits: WARCReader.Limits

        public init(requireDigests: Bool = false, maxHTTPHeadBytes: Int = 256 << 10,
                    readerLimits: WARCReader.Limits = WARCReader.Limits()) {
            self.requireDigests = requireDigests
            self.maxHTTPHeadBytes = maxHTTPHeadBytes
            self.readerLimits = readerLimits
        }

        /// What Kaiguul holds its own files to.
        public static let kaiguul = Options(requireDigests: true)
    }

    /// Every `.warc` and `.warc.gz` directly inside `directory`, in name order.
    public static func check(directory: URL, options: Options = Options()) -> [WARCProblem] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted()
            .filter { $0.hasSuffix(".warc") || $0.hasSuffix(".warc.gz") }
            .flatMap { check(file: directory.appendingPathComponent($0), options: options) }
    }

    public static func check(file: URL, options: Options = Options()) -> [WARCProblem] {
        var problems: [WARCProblem] = []
        let name = file.lastPathComponent
        let reader: WARCReader
        do {
            reader = try WARCReader(url: file, limits: options.readerLimits)
        } catch {
            return [WARCProblem(severity: .error, file: name, offset: nil, recordID: nil, message: "\(error)")]
        }
        var seenIDs = Set<String>()
        var index = 0
        do {
            while let header = try reader.next() {
                let offset = reader.recordOffset
                var record = RecordCheck(header: header, options: options)
                while let chunk = try reader.readBlock() {
                    record.feed(chunk)
                }
                let end = try reader.finishRecord()
                let found = record.finish(end: end, isFirst: index == 0, isCompressed: reader.isCompressed)
                if let id = header.recordID {
                    if seenIDs.contains(id) {
                        problems.append(WARCProblem(
                            severity: .error, file: name, offset: offset, recordID: id,
                            message: "WARC-Record-ID repeats an earlier record's"))
                    }
                    seenIDs.insert(id)
                }
                for (severity, message) in found {
                    problems.append(WARCProblem(
                        severity: severity, file: name, offset: offset, recordID: header.recordID, message: message))
                }
                index += 1
            }
        } catch {
            problems.append(WARCProblem(
                severity: .error, file: name, offset: reader.recordOffset, recordID: nil,
                message: "cannot read further: \(error)"))
        }
        if index == 0 && problems.isEmpty {
            problems.append(WARCProblem(
                severity: .error, file: name, offset: nil, recordID: nil, message: "no records"))
        }
        return problems
    }
}

/// The checks of one record, fed its block in pieces.
private struct RecordCheck {
    let header: WARCRecordHeader
    let options: WARCConformance.Options
    private var found: [(WARCProblem.Severity, String)] = []

    private var blockDigest: LabelledDigest?
    private var blockHasher: StreamingHasher?
    private var payloadDigest: LabelledDigest?
    private var payload: PayloadExtractor?

    init(header: WARCRecordHeader, options: WARCConformance.Options) {
        self.header = header
        self.options = options
        let type = header.typeName ?? ""
        if let field = header.fields["WARC-Block-Digest"] {
            switch LabelledDigest.parse(field) {
            case .success(let digest):
                blockDigest = digest
                blockHasher = StreamingHasher(digest.algorithm)
            case .failure(let failure):
                found.append(Self.describe(failure, field: "WARC-Block-Digest"))
            }
        }
        if let field = header.fields["WARC-Payload-Digest"] {
            switch LabelledDigest.parse(field) {
            case .success(let digest):
                payloadDigest = digest
            case .failure(let failure):
                found.append(Self.describe(failure, field: "WARC-Payload-Digest"))
            }
        }
        if let digest = payloadDigest {
            switch type {
            case "response", "request":
                let uri = (header.targetURI ?? "").lowercased()
                if uri.hasPrefix("http:") || uri.hasPrefix("https:") {
                    payload = PayloadExtractor(
                        mode: .http(maxHead: options.maxHTTPHeadBytes), algorithm: digest.algorithm)
                } else {
                    payload = nil
                }
            case "resource", "conversion":
                payload = PayloadExtractor(mode: .wholeBlock, algorithm: digest.algorithm)
            default:
                payload = nil
            }
        }
    }

    mutating func feed(_ chunk: Data) {
        blockHasher?.update(chunk)
        payload?.feed(chunk)
    }

    mutating func finish(end: WARCRecordEnd, isFirst: Bool, isCompressed: Bool) -> [(WARCProblem.Severity, String)] {
        checkFields(isFirst: isFirst)
        checkFraming(end)
        if isCompressed && end.sharesGzipMember {
            found.append((.warning, "record shares its gzip member with another record"))
        }
        if let blockDigest, let blockHasher, end.blockComplete {
            if blockHasher.finalize() != blockDigest.bytes {
                found.append((.error, "WARC-Block-Digest does not match the block"))
            }
        }
        // A block cut short has already been reported; its digests cannot be judged.
        if end.blockComplete { checkPayload() }
        return found
    }

    private mutating func checkFields(isFirst: Bool) {
        let fields = header.fields
        let type = header.typeName
        for name in ["WARC-Record-ID", "WARC-Date", "WARC-Type", "Content-Length"] where fields[name] == nil {
            found.append((.error, "missing \(name)"))
        }
        if header.version != "WARC/1.1" && header.version != "WARC/1.0" {
            found.append((.warning, "unknown version \(header.version)"))
        }
        if let id = header.recordID, !Self.isBracketedURI(id) {
            found.append((.error, "WARC-Record-ID is not a <uri> without whitespace"))
        }
        if let date = header.date, WARCDate.parse(date) == nil {
            found.append((.error, "WARC-Date is not a W3C ISO 8601 UTC date: \(date.prefix(40))"))
        }
        if fields["Content-Length"] != nil && header.contentLength == nil {
            found.append((.error, "Content-Length is not a number"))
        }
        if let type, WARCRecordType(rawValue: type) == nil {
            found.append((.warning, "unknown record type \(type.prefix(40))"))
        }
        var counts: [String: Int] = [:]
        for field in fields.entries { counts[field.name.lowercased(), default: 0] += 1 }
        for (name, count) in counts where count > 1 && name != "warc-concurrent-to" {
            found.append((.error, "field \(name) appears \(count) times"))
        }
        if isFirst && type != "warcinfo" {
            found.append((.warning, "file does not start with a warcinfo record"))
        }

        let needsTarget: Set = ["response", "resource", "request", "revisit", "conversion", "continuation"]
        if let type, needsTarget.contains(type), fields["WARC-Target-URI"] == nil {
            found.append((.error, "\(type) record without WARC-Target-URI"))
        }
        if let uri = fields["WARC-Target-URI"],
           uri.utf8.contains(where: { $0 <= 0x20 }) || Self.hasNonASCIIWhitespace(uri) {
            found.append((.error, "WARC-Target-URI contains whitespace"))
        }
        let forbidden: [(String, Set<String>)] = [
            ("WARC-Target-URI", ["warcinfo"]),
            ("WARC-Concurrent-To", ["warcinfo", "conversion", "continuation"]),
            ("WARC-IP-Address", ["warcinfo", "conversion", "continuation"]),
            ("WARC-Refers-To", ["warcinfo", "response", "resource", "request", "continuation"]),
            ("WARC-Warcinfo-ID", ["warcinfo"]),
            ("WARC-Payload-Digest", ["warcinfo", "metadata"]),
        ]
        for (name, types) in forbidden {
            if let type, types.contains(type), fields[name] != nil {
                found.append((.error, "\(name) shall not be used on \(type) records"))
            }
        }
        if let type, type != "warcinfo", fields["WARC-Filename"] != nil {
            found.append((.error, "WARC-Filename shall be used on warcinfo records only"))
        }
        if type == "revisit" && fields["WARC-Profile"] == nil {
            found.append((.error, "revisit record without WARC-Profile"))
        }
        for name in ["WARC-Concurrent-To", "WARC-Refers-To", "WARC-Warcinfo-ID"] {
            for value in fields.all(name) where !Self.isBracketedURI(value) {
                found.append((.error, "\(name) is not a <uri>"))
            }
        }
        if let length = header.contentLength, length > 0, type != "continuation", fields["Content-Type"] == nil {
            found.append((.warning, "non-empty block without Content-Type"))
        }
        if let truncated = fields["WARC-Truncated"], case .other = WARCTruncation(token: truncated) {
            found.append((.warning, "WARC-Truncated has an unregistered reason \(truncated.prefix(40))"))
        }
        if options.requireDigests {
            if fields["WARC-Block-Digest"] == nil { found.append((.error, "missing WARC-Block-Digest")) }
            if let type, ["request", "response", "resource"].contains(type), fields["WARC-Payload-Digest"] == nil {
                found.append((.error, "missing WARC-Payload-Digest"))
            }
        }
    }

    private mutating func checkFraming(_ end: WARCRecordEnd) {
        guard let length = header.contentLength else { return }
        if !end.blockComplete {
            found.append((.error, "block has \(end.blockBytesRead) bytes, Content-Length says \(length)"))
        } else if !end.terminatorPresent {
            found.append((.error, "no CRLF CRLF after Content-Length bytes: Content-Length does not match the block"))
        }
    }

    private mutating func checkPayload() {
        guard let payloadDigest, var payload else { return }
        if header.type == .response || header.type == .request {
            if let note = payload.headProblem { found.append((.error, note)) }
        }
        let result = payload.finish()
        if result.primary == payloadDigest.bytes { return }
        if let raw = result.beforeDechunking, raw == payloadDigest.bytes {
            found.append((.warning,
                "WARC-Payload-Digest covers the chunked body; WARC 1.1 asks for it with transfer-encoding removed"))
            return
        }
        if let failure = result.dechunkFailure {
            found.append((.error, "WARC-Payload-Digest does not match, and the chunked body is malformed (\(failure))"))
        } else {
            found.append((.error, "WARC-Payload-Digest does not match the payload"))
        }
    }

    static func isBracketedURI(_ value: String) -> Bool {
        guard value.hasPrefix("<"), value.hasSuffix(">"), value.count > 2 else { return false }
        let inner = value.utf8.dropFirst().dropLast()
        guard let colon = inner.firstIndex(of: UInt8(ascii: ":")), colon != inner.startIndex else { return false }
        return !inner.contains { $0 <= 0x20 || $0 == 0x7f || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }
            && !Self.hasNonASCIIWhitespace(String(value))
    }

    static func hasNonASCIIWhitespace(_ text: String) -> Bool {
        text.utf8.contains { $0 >= 0x80 } && text.unicodeScalars.contains { $0.properties.isWhitespace }
    }

    static func describe(_ failure: LabelledDigest.ParseFailure, field: String) -> (WARCProblem.Severity, String) {
        switch failure {
        case .missingLabel: (.error, "\(field) has no algorithm label")
        case .unsupportedAlgorithm(let label): (.warning, "\(field) uses \(label.prefix(20)), which cannot be verified")
        case .undecodableValue: (.error, "\(field) value is neither hex, base32 nor base64 of the right length")
        }
    }
}

/// Finds the payload inside a block and hashes it: the whole block for resources, the entity body
/// for HTTP messages (de-chunked when the message says `Transfer-Encoding: chunked`).
private struct PayloadExtractor {
    enum Mode {
        case wholeBlock
        case http(maxHead: Int)
    }

    private let mode: Mode
    private var head: [UInt8] = []
    private var inBody: Bool
    private var hasher: StreamingHasher
    private var rawHasher: StreamingHasher
    private var dechunker: ChunkedDecoder?
    private(set) var headProblem: String?

    init(mode: Mode, algorithm: DigestAlgorithm) {
        self.mode = mode
        hasher = StreamingHasher(algorithm)
        rawHasher = StreamingHasher(algorithm)
        if case .wholeBlock = mode { inBody = true } else { inBody = false }
    }

    mutating func feed(_ chunk: Data) {
        if inBody {
            body(chunk)
            return
        }
        guard case .http(let maxHead) = mode else { return }
        let previous = head.count
        head.append(contentsOf: chunk)
        if let end = Self.endOfHead(head, from: max(0, previous - 3)) {
            let rest = Array(head[end...])
            head.removeSubrange(end...)
            startBody()
            body(rest)
        } else if head.count > maxHead {
            headProblem = "HTTP headers longer than \(maxHead) bytes; payload not located"
            head.removeAll()
            inBody = true
            dechunker = nil
        }
    }

    private mutating func startBody() {
        inBody = true
        let text = String(decoding: head, as: UTF8.self)
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard WARCFields.sameName(name, "Transfer-Encoding") else { continue }
            let codings = line[line.index(after: colon)...].split(separator: ",")
            if codings.last?.trimmingCharacters(in: .whitespaces).lowercased() == "chunked" {
                dechunker = ChunkedDecoder()
            }
        }
    }

    private mutating func body(_ bytes: some Collection<UInt8>) {
        rawHasher.update(Array(bytes))
        if var decoder = dechunker {
            var local = hasher
            decoder.feed(bytes) { local.update($0) }
            hasher = local
            dechunker = decoder
        } else {
            hasher.update(Array(bytes))
        }
    }

    mutating func finish() -> (primary: [UInt8], beforeDechunking: [UInt8]?, dechunkFailure: ChunkedDecoder.Failure?) {
        if !inBody {
            // No end of headers: the message has no body at all.
            headProblem = headProblem ?? "HTTP message has no blank line ending its headers"
        }
        guard let dechunker else { return (hasher.finalize(), nil, nil) }
        return (hasher.finalize(), rawHasher.finalize(), dechunker.failed)
    }

    static func endOfHead(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == 10 {
                if index + 1 < bytes.count, bytes[index + 1] == 10 { return index + 2 }
                if index + 2 < bytes.count, bytes[index + 1] == 13, bytes[index + 2] == 10 { return index + 3 }
            }
            index += 1
        }
        return nil
    }
}
