import Evidence
import Fluent
import Foundation
import KaiguulCore
import Monitor
import Vapor

/// The capture step: every HTTP exchange of a fetch becomes WARC `request`/`response`/`metadata`
/// records (through the process's one WARCWriter) and a `captures` row pointing at the response
/// record. A fetch that got no response at all is a row with its error and no record. Rows are
/// inserted once and never updated.
actor CaptureRecorder {
    let source: SourceSnapshot?
    let job: ClaimedJob?
    let services: MonitoringServices
    let app: Application
    private var sequence = 0
    var captureIDs: [Int] = []

    init(source: SourceSnapshot?, job: ClaimedJob?, services: MonitoringServices, app: Application) {
        self.source = source
        self.job = job
        self.services = services
        self.app = app
    }

    struct Recorded: Sendable {
        /// One per exchange, in order; the last is the final response.
        var captureIDs: [Int]
        var finalCaptureID: Int? { captureIDs.last }
    }

    /// One fetch: its records written and its rows inserted.
    func record(_ result: FetchResult, role: String, parentCaptureID: Int? = nil) async throws -> Recorded {
        try await insert([write(result, role: role, parentCaptureID: parentCaptureID)])[0]
    }

    /// The records of one fetch in WARC, and its rows made but not yet inserted. A crawl writes
    /// records as pages arrive and inserts their rows in batches with `insert`.
    struct Written: Sendable {
        fileprivate var rows: [Capture]
    }

    func write(_ result: FetchResult, role: String, parentCaptureID: Int? = nil) async throws -> Written {
        Written(rows: try await prepare(result, role: role, parentCaptureID: parentCaptureID))
    }

    /// Inserts the rows of written fetches in one transaction, after the WARC file is synced: a
    /// row never points at records that a power loss could take back.
    func insert(_ written: [Written]) async throws -> [Recorded] {
        guard !written.isEmpty else { return [] }
        try await services.warc.sync()
        let rows = written.flatMap(\.rows)
        let ids = try await app.write { db in try await Capture.insertBatch(rows, on: db) }
        captureIDs += ids
        var recorded: [Recorded] = []
        var start = 0
        for one in written {
            recorded.append(Recorded(captureIDs: Array(ids[start..<(start + one.rows.count)])))
            start += one.rows.count
        }
        return recorded
    }

    /// Writes the WARC records of one fetch and makes (does not insert) its rows.
    private func prepare(_ result: FetchResult, role: String, parentCaptureID: Int?) async throws
        -> [Capture]
    {
        let label = source?.warcLabel ?? "archive \(result.requestedURL.prefix(300))"
        var rows: [Capture] = []
        for (index, exchange) in result.exchanges.enumerated() {
            let isLast = index == result.exchanges.count - 1
            var extra = [WARCField("role", role)]
            if let job { extra.append(WARCField("job", "\(job.id)/\(job.attempt)")) }
            if let limit = exchange.decodingLimit { extra.append(WARCField("decodingLimit", limit.rawValue)) }
            if let proxy = exchange.proxy { extra.append(WARCField("proxy", proxy)) }
            if isLast, let failure = result.failure { extra.append(WARCField("fetchError", failure.description)) }
            let capture = HTTPCapture(
                targetURI: exchange.url, date: exchange.timings.started, ipAddress: exchange.remoteAddress,
                request: HTTPRequestHead(
                    target: Self.requestTarget(exchange.url),
                    headers: exchange.requestHeaders.map { HTTPField($0.name, $0.value) },
                    rawHead: Data(exchange.requestHead)),
                response: HTTPResponseHead(
                    version: exchange.httpVersion, status: exchange.status, reason: exchange.reasonPhrase,
                    headers: exchange.responseHeaders.map { HTTPField($0.name, $0.value) },
                    rawHead: Data(exchange.responseHead)),
                responseBody: .data(Data(exchange.rawBody)),
                truncated: exchange.truncation.map { WARCTruncation(token: $0.rawValue) },
                source: label, collector: job.map { "\(services.collector) \($0.worker)" },
                extraMetadata: extra)
            let written = try await services.warc.write(capture)
            let row = newRow(url: exchange.url, at: exchange.timings.started, role: role, parent: parentCaptureID)
            row.httpStatus = exchange.status
            row.ip = exchange.remoteAddress
            row.place(written)
            row.truncated = exchange.truncation?.rawValue ?? exchange.decodingLimit.map { "decoding:\($0.rawValue)" }
            row.error = isLast ? result.failure?.description : nil
            row.contentType = exchange.contentType.map { String($0.prefix(200)) }
            rows.append(row)
        }
        if result.exchanges.isEmpty {
            let row = newRow(url: result.requestedURL, at: Date(), role: role, parent: parentCaptureID)
            row.error = result.failure?.description ?? "no response"
            rows.append(row)
        }
        return rows
    }

    func newRow(url: String, at date: Date, role: String, parent: Int?, mode: CaptureMode = .http) -> Capture {
        sequence += 1
        let row = Capture()
        row.sourceID = source?.id
        row.url = String(url.prefix(4000))
        row.fetchedAt = date
        row.collector = job?.worker ?? services.collector
        row.jobID = job?.id
        row.jobAttempt = job?.attempt
        row.jobSeq = sequence
        row.role = role
        row.parentCaptureID = parent
        row.captureMode = mode.rawValue
        return row
    }

    /// `{"metadata":"sha256:…","request":"sha256:…","response":"sha256:…"}`: each record's
    /// `WARC-Block-Digest` as written, so a package or a page can show them without reading the WARC.
    static func digestsJSON(_ records: HTTPCaptureRecords) -> String {
        let pairs = [("metadata", records.metadata), ("request", records.request), ("response", records.response)]
        return "{" + pairs.map { "\"\($0.0)\":\"\($0.1.blockDigest.description)\"" }.joined(separator: ",") + "}"
    }

    static func requestTarget(_ url: String) -> String {
        guard let components = URLComponents(string: url) else { return "/" }
        var target = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { target += "?" + query }
        return target
    }
}
