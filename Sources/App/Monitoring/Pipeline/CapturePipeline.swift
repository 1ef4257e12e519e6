import Evidence
import Fluent
import Foundation
import KaiguulCore
import Monitor
import SQLKit
import Vapor

/// One check of one source, as named steps in order — the whole monitoring flow in one place:
///
///     fetch → capture → extract      page by page (a page names the next one)
///     compare                        what is new, changed, gone
///     capture media                  of new and changed items, into WARC and the blob store
///     analyse                        the hook text and media analysis plug into
///     store                          item versions, gone marks, signals, candidate sources, and
///                                    the OCR and video-frame jobs of their media (`SlowMediaWork`)
///
/// Adding a platform is an adapter in Monitor; adding an analysis is an `ItemAnalyzer`. Neither
/// touches this file.
enum CapturePipeline {
    struct Report: Sendable {
        var captures = 0
        var pages = 0
        var newItems = 0
        var changedItems = 0
        var goneItems = 0
        var candidates = 0
        var warnings: [String] = []
    }

    static func check(sourceID: Int, job: ClaimedJob?, app: Application) async throws -> Report {
        let services = try app.monitoring
        guard let source = try await SourceSnapshot.load(id: sourceID, on: app.db) else {
            throw Abort(.notFound, reason: "source \(sourceID) does not exist")
        }
        guard let adapter = services.adapter(for: source.kind), let kind = SourceKind(rawValue: source.kind),
              let first = adapter.firstPageURL(kind: kind, identity: Self.adapterIdentity(source, kind: kind))
        else { throw Abort(.unprocessableEntity, reason: "no adapter reads \(source.kind) \(source.identity)") }
        let recorder = CaptureRecorder(source: source, job: job, services: services, app: app)
        // The source's capture mode: a video source is listed and fetched by yt-dlp (`+Video`); a
        // browser source's pages are read from the browser's final DOM (`+Browser`).
        if source.captureMode == CaptureMode.video.rawValue {
            return try await checkVideos(source: source, kind: kind, first: first, job: job, services: services,
                                         recorder: recorder, app: app)
        }
        var screenshots: [Int: StoredMedia] = [:]
        let pages: [Page]
        if source.captureMode == CaptureMode.browser.rawValue {
            let read = try await browserPages(first: first, kind: kind, adapter: adapter, services: services,
                                              recorder: recorder)
            (pages, screenshots) = (read.pages, read.screenshots)
        } else {
            pages = try await fetchCaptureExtract(first: first, kind: kind, adapter: adapter, services: services,
                                                  recorder: recorder)
        }
        let extracted = pages.flatMap { page in
            (page.output?.items ?? []).map { (key: ChangeDetector.key(for: $0, pageURL: page.url), item: $0, page: page) }
        }
        let current = extracted.prefix(services.limits.itemsPerCheck)
        // Items cut off by the bound were seen, not gone: a cut check is not a complete one.
        let compared = try await compare(source: source, kind: kind, pages: pages,
                                         current: current.map { (key: $0.key, item: $0.item) },
                                         cut: current.count < extracted.count, app: app)
        let pageOf = Dictionary(current.map { ($0.key, $0.page) }, uniquingKeysWith: { first, _ in first })
        var media = await captureMedia(compared.changes, pageOf: pageOf, services: services, recorder: recorder)
        addScreenshots(screenshots, to: &media, changes: compared.changes, pageOf: pageOf)
        let findings = await analyse(compared.changes, media: media, source: source, services: services)
        var report = try await store(source: source, job: job, compared: compared, pageOf: pageOf, media: media,
                                     findings: findings, pages: pages, app: app)
        await MirrorCheckJob.enqueue(after: pages, kind: kind, app: app)
        report.captures = await recorder.captureIDs.count
        report.pages = pages.count
        report.warnings = pages.flatMap { $0.output?.warnings ?? [] }
        return report
    }

    /// The spelling `firstPageURL` expects: the platform handle, or the site's URL. For a site the
    /// URL the analyst typed is fetched as typed (normalisation drops a trailing slash or `www.`,
    /// which some servers answer differently); without a scheme, https.
    static func adapterIdentity(_ source: SourceSnapshot, kind: SourceKind) -> String {
        if let account = PlatformTable.account(identity: source.identity), account.platform.sourceKind == kind {
            return account.key
        }
        let typed = source.address.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = typed.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return typed }
        if source.identity.hasPrefix("http://") || source.identity.hasPrefix("https://") { return source.identity }
        return "https://" + source.identity
    }

    // MARK: 1–3. fetch, capture, extract

    struct Page: Sendable {
        /// The URL as the platform names it (before `locate`).
        var url: String
        var captureID: Int?
        var status: Int?
        /// Read whole with a 2xx status.
        var complete: Bool
        var output: AdapterOutput?
        /// Order of discovery within the check.
        var index: Int
    }

    /// What one fetch task hands back: the page without its body (extraction ran in the task, so
    /// the body is not held for the rest of the check) and its records, rows not yet inserted.
    private struct Fetched: Sendable {
        var page: Page
        var written: CaptureRecorder.Written
    }

    /// Rows of pages already written to WARC are inserted this many at a time, or sooner when the
    /// oldest has waited `rowBatchDelay`: a killed worker loses little, and a fast crawl pays one
    /// transaction per batch rather than per page.
    static let rowBatchSize = 64
    static let rowBatchDelay: Duration = .milliseconds(500)

    /// A site's pages are fetched `crawlConcurrency` at a time as a sliding window (the fetcher's
    /// per-host limit still applies); each task fetches, writes WARC and extracts, so parsing runs
    /// in parallel. A channel's pages come one after the other, since each names the next.
    static func fetchCaptureExtract(first: String, kind: SourceKind, adapter: any SourceAdapter,
                                    services: MonitoringServices, recorder: CaptureRecorder) async throws -> [Page] {
        let crawlSite = kind == .website && adapter.name == "web"
        let maxPages = crawlSite ? services.limits.sitePages : services.limits.channelPages + 1
        let window = CrawlWindow(first: first, site: crawlSite ? SameSite(first) : nil, maxPages: maxPages,
                                 width: crawlSite ? max(1, services.limits.crawlConcurrency) : 1)
        var pages: [Page] = []
        pages.reserveCapacity(min(maxPages, 100_000))
        var waiting: [Fetched] = []
        var oldestWaiting: ContinuousClock.Instant?
        let clock = ContinuousClock()

        func flush() async throws {
            let batch = waiting
            waiting = []
            oldestWaiting = nil
            let recorded = try await recorder.insert(batch.map(\.written))
            for (fetched, rows) in zip(batch, recorded) {
                var page = fetched.page
                page.captureID = rows.finalCaptureID
                pages.append(page)
            }
        }

        try await window.run(load: { url, index in
            let result = await services.fetcher.fetch(services.locate(url),
                                                      acceptedContentTypes: adapter.acceptedContentTypes)
            let written = try await recorder.write(result, role: "page")
            var page = Page(url: url, captureID: nil, status: result.final?.status, complete: false, output: nil,
                            index: index)
            if let final = result.final, (200..<300).contains(final.status), result.failure == nil {
                page.complete = result.outcome == .complete
                page.output = adapter.extract(AdapterInput(url: url, contentType: final.contentType,
                                                           body: final.body, pageIndex: index))
            }
            return Fetched(page: page, written: written)
        }, output: { $0.page.output }, receive: { fetched, idle in
            waiting.append(fetched)
            oldestWaiting = oldestWaiting ?? clock.now
            if waiting.count >= rowBatchSize || idle
                || (oldestWaiting.map { clock.now - $0 >= rowBatchDelay } ?? false) {
                try await flush()
            }
        })
        if !waiting.isEmpty { try await flush() }
        // Pages in the order they were found, as a channel names them.
        return pages.sorted { $0.index < $1.index }
    }

    // MARK: compare

    static func compare(source: SourceSnapshot, kind: SourceKind, pages: [Page],
                        current: [(key: String, item: ExtractedItem)], cut: Bool, app: Application) async throws
        -> ChangeDetector.Result
    {
        let rows = try await Item.query(on: app.db).filter(\.$sourceID == source.id)
            .field(\.$id).field(\.$itemKey).field(\.$version).field(\.$contentSHA256).field(\.$goneAt)
            .field(\.$platformID).field(\.$publishedAt).all()
        let stored = rows.compactMap { row -> ChangeDetector.Stored? in
            guard let id = row.id else { return nil }
            return ChangeDetector.Stored(id: id, key: row.itemKey, version: row.version,
                                         contentSHA256: row.contentSHA256, gone: row.goneAt != nil,
                                         platformID: row.platformID, published: row.publishedAt)
        }
        let coverage = ChangeDetector.Coverage(
            complete: !cut && !pages.isEmpty && pages.allSatisfy(\.complete),
            goneURLs: Set(pages.filter { $0.status == 404 || $0.status == 410 }.map(\.url)),
            numbered: kind == .telegram, dated: kind == .rss || kind == .youtube)
        return ChangeDetector.compare(current: current, stored: stored, coverage: coverage)
    }

    // MARK: capture media

    static let mediaTypes: Set<String> = [
        "image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "image/svg+xml", "video/mp4",
        "video/webm", "video/quicktime", "audio/mpeg", "audio/ogg", "audio/mp4",
    ]

    /// Downloads the media of new and changed items through the same guarded fetcher, each with its
    /// own WARC records, into the blob store; bounded per item in count and size. The rows of all the
    /// check's media are inserted together (one WARC sync, one transaction): a page with fifty images
    /// made fifty transactions, each holding SQLite's one write lock.
    static func captureMedia(_ changes: [ChangeDetector.Change], pageOf: [String: Page],
                             services: MonitoringServices, recorder: CaptureRecorder) async -> [String: [StoredMedia]] {
        var downloads: [Download] = []
        var downloadOf: [String: Int] = [:]
        var slots: [(key: String, list: [MediaSlot])] = []
        for change in changes {
            let (key, item) = change.keyAndItem
            var list: [MediaSlot] = []
            var bytes = 0
            for url in item.mediaURLs.prefix(services.limits.mediaPerItem) {
                if let known = downloadOf[url] {
                    list.append(.download(known))
                    continue
                }
                guard bytes < services.limits.mediaBytesPerItem, !Task.isCancelled else {
                    list.append(.settled(StoredMedia(url: url, error: "not downloaded: item media limit reached")))
                    continue
                }
                let download = await downloadMedia(url, parent: pageOf[key]?.captureID, services: services,
                                                   recorder: recorder)
                bytes += download.media.size ?? 0
                downloadOf[url] = downloads.count
                list.append(.download(downloads.count))
                downloads.append(download)
            }
            for url in item.mediaURLs.dropFirst(services.limits.mediaPerItem) {
                list.append(.settled(StoredMedia(url: url, error: "not downloaded: more than \(services.limits.mediaPerItem) files")))
            }
            slots.append((key, list))
        }
        let media = await recordDownloads(downloads, recorder: recorder)
        var byKey: [String: [StoredMedia]] = [:]
        for (key, list) in slots {
            byKey[key] = list.map { slot in
                switch slot {
                case .settled(let stored): stored
                case .download(let index): media[index]
                }
            }
        }
        return byKey
    }

    /// A downloaded file (or a failed download) whose WARC records are written and whose rows wait.
    struct Download: Sendable {
        var media: StoredMedia
        var written: CaptureRecorder.Written?
    }

    enum MediaSlot {
        case download(Int)
        case settled(StoredMedia)
    }

    /// Inserts the downloads' rows in one batch and gives each its capture; when the insert fails,
    /// every download says so (the files stay in the blob store, unreferenced, as before).
    static func recordDownloads(_ downloads: [Download], recorder: CaptureRecorder) async -> [StoredMedia] {
        let pending = downloads.compactMap(\.written)
        let recorded: [CaptureRecorder.Recorded]
        do {
            recorded = try await recorder.insert(pending)
        } catch {
            return downloads.map { StoredMedia(url: $0.media.url, error: $0.written == nil ? $0.media.error : "not recorded: \(error)") }
        }
        var next = 0
        return downloads.map { download in
            var media = download.media
            guard download.written != nil else { return media }
            media.captureID = recorded[next].finalCaptureID
            next += 1
            return media
        }
    }

    static func downloadMedia(_ url: String, parent: Int?, services: MonitoringServices,
                              recorder: CaptureRecorder) async -> Download {
        let result = await services.fetcher.fetch(services.locate(url), acceptedContentTypes: mediaTypes)
        let written: CaptureRecorder.Written
        do {
            written = try await recorder.write(result, role: "media", parentCaptureID: parent)
        } catch {
            return Download(media: StoredMedia(url: url, error: "not recorded: \(error)"), written: nil)
        }
        guard let final = result.final, result.failure == nil, (200..<300).contains(final.status) else {
            return Download(media: StoredMedia(url: url, error: result.failure?.description ?? "HTTP \(result.final?.status ?? 0)"),
                            written: written)
        }
        if result.outcome != .complete {
            return Download(media: StoredMedia(url: url, error: "truncated"), written: written)
        }
        do {
            let blob = try services.blobs.put(Data(final.body))
            return Download(media: StoredMedia(url: url, sha256: blob.sha256, size: Int(blob.size),
                                               contentType: final.contentType.map { String($0.prefix(100)) }),
                            written: written)
        } catch {
            return Download(media: StoredMedia(url: url, error: "blob store: \(error)"), written: written)
        }
    }

    // MARK: analyse

    static func analyse(_ changes: [ChangeDetector.Change], media: [String: [StoredMedia]], source: SourceSnapshot,
                        services: MonitoringServices) async -> [String: [Finding]] {
        guard !services.analyzers.isEmpty, !changes.isEmpty else { return [:] }
        // Items are analysed independently, so a big check spreads them over the cores; each
        // lane keeps the analysers' order for its items.
        let lanes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, changes.count))
        return await withTaskGroup(of: [String: [Finding]].self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    var findings: [String: [Finding]] = [:]
                    for index in stride(from: lane, to: changes.count, by: lanes) {
                        let (key, item) = changes[index].keyAndItem
                        for analyzer in services.analyzers {
                            findings[key, default: []] += await analyzer.analyze(item, media: media[key] ?? [],
                                                                                 source: source)
                        }
                        // The text verdict is read before the images: the media matches are added to it here.
                        findings[key] = findings[key].map(TriageVerdict.combined)
                    }
                    return findings
                }
            }
            var all: [String: [Finding]] = [:]
            for await part in group { all.merge(part) { first, _ in first } }
            return all
        }
    }

    // MARK: store

    static func store(source: SourceSnapshot, job: ClaimedJob?, compared: ChangeDetector.Result,
                      pageOf: [String: Page], media: [String: [StoredMedia]], findings: [String: [Finding]],
                      pages: [Page], app: Application) async throws -> Report {
        let limits = try app.monitoring.limits
        let candidates = discoveredCandidates(pages: pages, source: source)
        // The rows are made before the transaction, which holds SQLite's one write lock.
        let now = Date()
        var counts = (new: 0, changed: 0)
        var rows: [[any Encodable & Sendable]] = []
        rows.reserveCapacity(compared.changes.count)
        let json = JSONEncoder()
        json.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for change in compared.changes {
            let (key, item) = change.keyAndItem
            let version: Int, hash: String
            switch change {
            case .new(_, _, let new):
                (version, hash) = (1, new)
                counts.new += 1
            case .changed(_, _, let new, let previous), .returned(_, _, let new, let previous):
                (version, hash) = (previous + 1, new)
                counts.changed += 1
            }
            let triage = TriageVerdict.columns(for: findings[key] ?? [])
            rows.append([
                source.id, pageOf[key]?.captureID, key, item.platformID.map { String($0.prefix(500)) },
                item.permalink.map { String($0.prefix(4000)) }, item.authorHandle.map { String($0.prefix(300)) },
                item.published, item.title.map { String($0.prefix(2000)) }, String(item.text.prefix(limits.textCharacters)),
                item.language ?? triage.language, StoredMedia.encodeList(media[key] ?? [], with: json),
                ItemDetails(item).encoded(with: json), version, hash, now, triage.score, triage.level,
            ])
        }
        let itemRows = rows
        let itemCounts = counts
        let slowWork = await SlowMediaWork.plan(compared.changes, media: media, services: try app.monitoring)
        return try await app.write { db in
            // A worker that lost its job's lease (killed, paused past it) stores nothing: the job's
            // new holder does.
            if let job, try await !JobQueue.holdsLease(job, on: db) {
                throw AppError(status: .conflict, message: "job \(job.id) lost its lease; results not stored", literal: true)
            }
            var report = Report()
            report.newItems = itemCounts.new
            report.changedItems = itemCounts.changed
            let itemIDs = try await BatchInsert.insert(
                into: Item.schema,
                columns: ["source_id", "capture_id", "item_key", "platform_id", "permalink", "author_handle", "published_at",
                          "title", "text", "language", "media", "details", "version", "content_sha256", "created_at",
                          "triage_score", "triage_level"],
                rows: itemRows, keyColumn: "item_key", keyType: String.self, on: db)
            var signalRows: [[any Encodable & Sendable]] = []
            for (key, list) in findings {
                guard let itemID = itemIDs[key] else { continue }
                for finding in list {
                    signalRows.append([itemID, finding.kind, finding.score, finding.organizationID, finding.materialID,
                                       finding.details, now])
                }
            }
            try await BatchInsert.insert(
                into: "signals",
                columns: ["item_id", "kind", "score", "organization_id", "material_id", "details", "created_at"],
                rows: signalRows, on: db)
            try await SlowMediaWork.enqueue(slowWork, itemIDs: itemIDs, on: db)
            if !compared.goneIDs.isEmpty {
                try await Item.query(on: db).filter(\.$id ~~ compared.goneIDs).filter(\.$goneAt == nil)
                    .set(\.$goneAt, to: now).update()
                report.goneItems = compared.goneIDs.count
            }
            report.candidates = try await CandidateStore.record(candidates, from: source, at: now, on: db)
            try await Source.query(on: db).filter(\.$id == source.id).set(\.$lastCheckedAt, to: now).update()
            var details = ["new": String(report.newItems), "changed": String(report.changedItems),
                           "gone": String(report.goneItems), "pages": String(pages.count),
                           "candidates": String(report.candidates)]
            if let job { details["job"] = "\(job.id)/\(job.attempt)" }
            try await AuditLog.append(on: db, actor: .system, action: "source.check", objectType: "source",
                                      objectID: String(source.id), details: details)
            return report
        }
    }

    /// Candidate sources named by the check's pages, in the registry's spelling, without the source itself.
    static func discoveredCandidates(pages: [Page], source: SourceSnapshot) -> [(kind: SourceKind, identity: String, address: String, foundAt: String)] {
        var seen = Set<String>([source.identity])
        var list: [(kind: SourceKind, identity: String, address: String, foundAt: String)] = []
        for candidate in pages.flatMap({ $0.output?.candidates ?? [] }) where list.count < 200 {
            guard let identity = try? SourceAddress.identity(kind: candidate.kind, address: candidate.identity),
                  seen.insert(identity).inserted else { continue }
            list.append((kind: candidate.kind, identity: identity, address: candidate.identity,
                         foundAt: candidate.foundAt))
        }
        return list
    }
}

extension ChangeDetector.Change {
    var keyAndItem: (String, ExtractedItem) {
        switch self {
        case .new(let key, let item, _), .changed(let key, let item, _, _), .returned(let key, let item, _, _):
            (key, item)
        }
    }
}

/// What an adapter read beyond text, kept as JSON on the item version.
struct ItemDetails: Codable, Sendable {
    var authorName: String?
    var views: Int?
    var forwardedFrom: ForwardedFrom?
    var linkPreview: LinkPreview?
    var links: [String]

    init(_ item: ExtractedItem) {
        authorName = item.authorName
        views = item.views
        forwardedFrom = item.forwardedFrom
        linkPreview = item.linkPreview
        links = Array(item.links.prefix(200))
    }

    /// JSON with sorted keys; pass an encoder to reuse one over many items.
    func encoded(with encoder: JSONEncoder? = nil) -> String {
        let encoder = encoder ?? {
            let fresh = JSONEncoder()
            fresh.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return fresh
        }()
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
