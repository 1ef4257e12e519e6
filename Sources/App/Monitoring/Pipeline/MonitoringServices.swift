import Evidence
import Foundation
import KaiguulCore
import Monitor
import Vapor

/// Bounds of one source check, from the environment (`KAIGUUL_CRAWL_*`, `KAIGUUL_MEDIA_*`).
struct PipelineLimits: Sendable {
    /// Pages of one website read per check (same site, breadth first).
    var sitePages = 20
    /// Pages of one website fetched at the same time.
    var crawlConcurrency = 4
    /// Pages of a paged channel (Telegram `?before=`) read per check, the first included.
    var channelPages = 3
    /// Media files downloaded per item, and their total size.
    var mediaPerItem = 4
    var mediaBytesPerItem = 50 * 1_048_576
    /// Items stored per check (a hostile page cannot make a million rows).
    var itemsPerCheck = 2_000
    /// Text kept per item.
    var textCharacters = 200_000

    static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> PipelineLimits {
        var limits = PipelineLimits()
        func int(_ key: String, _ range: ClosedRange<Int>) -> Int? {
            env[key].flatMap(Int.init).map { min(max($0, range.lowerBound), range.upperBound) }
        }
        limits.sitePages = int("KAIGUUL_CRAWL_SITE_PAGES", 1...100_000) ?? limits.sitePages
        limits.channelPages = int("KAIGUUL_CRAWL_CHANNEL_PAGES", 1...100) ?? limits.channelPages
        limits.crawlConcurrency = int("KAIGUUL_CRAWL_CONCURRENCY", 1...64) ?? limits.crawlConcurrency
        // A website's page is one item: a crawl allowed more pages than items would capture pages
        // it then never reads, so the item bound follows the page bound unless set on its own.
        limits.itemsPerCheck = int("KAIGUUL_ITEMS_PER_CHECK", 1...100_000) ?? max(limits.itemsPerCheck, limits.sitePages)
        limits.mediaPerItem = int("KAIGUUL_MEDIA_PER_ITEM", 0...50) ?? limits.mediaPerItem
        if let mb = int("KAIGUUL_MEDIA_MB_PER_ITEM", 1...2_000) { limits.mediaBytesPerItem = mb * 1_048_576 }
        return limits
    }
}

/// What the capture pipeline works with, made once per process: one fetcher (one set of limits,
/// one address guard, one politeness table) and one WARC writer under `<data dir>/warc/`.
/// Tests build their own (loopback allowed, short timeouts, a URL map to the loopback server).
final class MonitoringServices: Sendable {
    let fetcher: Fetcher
    let warc: WARCWriter
    let warcDirectory: URL
    /// Gets closed WARC files their RFC 3161 tokens once `Application.startTimestamping` activates it.
    let timestamper: WARCTimestamper
    let blobs: BlobStore
    let limits: PipelineLimits
    let adapters: [any SourceAdapter]
    /// The analyse step: text and media analysis plug in here (none yet).
    let analyzers: [any ItemAnalyzer]
    /// Maps a platform URL to where it is fetched from. Identity in production; tests point
    /// `https://t.me/…` at their loopback server.
    let locate: @Sendable (String) -> String
    let collector: String
    /// Chromium and yt-dlp for browser and video captures (`MonitoringServices+Tools`).
    let tools = CaptureTools()

    init(fetcher: Fetcher, warcDirectory: URL, blobs: BlobStore, limits: PipelineLimits = PipelineLimits(),
         analyzers: [any ItemAnalyzer] = [], locate: @escaping @Sendable (String) -> String = { $0 },
         collector: String = "kaiguul@\(ProcessInfo.processInfo.hostName)") throws {
        self.fetcher = fetcher
        self.warcDirectory = warcDirectory
        let warc = try WARCWriter(configuration: WARCWriterConfiguration(
            directory: warcDirectory, filePrefix: "kaiguul", software: "Kaiguul/\(KaiguulVersion.string)",
            collector: collector, operatorName: "Online Patrol"))
        self.warc = warc
        self.timestamper = WARCTimestamper(writer: warc, directory: warcDirectory)
        self.blobs = blobs
        self.limits = limits
        self.adapters = SourceAdapters.all(telegramPages: limits.channelPages)
        self.analyzers = analyzers
        self.locate = locate
        self.collector = collector
    }

    static func make(config: AppConfig, analyzers: [any ItemAnalyzer] = []) throws -> MonitoringServices {
        let fetchConfiguration = try FetcherConfiguration.fromEnvironment()
        return try MonitoringServices(
            fetcher: Fetcher(configuration: fetchConfiguration),
            warcDirectory: config.dataDirectory.appendingPathComponent("warc"),
            blobs: BlobStore(root: config.blobDirectory), limits: .fromEnvironment(), analyzers: analyzers)
    }

    func adapter(for kind: String) -> (any SourceAdapter)? {
        guard let kind = SourceKind(rawValue: kind) else { return nil }
        return adapters.first { $0.kinds.contains(kind) }
    }

    func shutdown() async {
        await tools.shutdown()
        await fetcher.shutdown()
        // Closes the file and stamps what is closed; a slow authority does not hold the stop for long.
        await timestamper.shutdown(within: .seconds(20))
    }
}

enum KaiguulVersion {
    static let string = "0.1.0"
}

/// The slot the services live in; made at configure time, filled on first use.
final class ServicesBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: MonitoringServices?

    func withLockedValue<T>(_ body: (inout MonitoringServices?) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

struct MonitoringServicesKey: StorageKey {
    typealias Value = ServicesBox
}

extension MonitoringServices {
    /// The analyse step: text and media analysis against what the registries hold. With
    /// `queueSlowWork` (what `kaiguul worker` and `serve` use) OCR and video frames become jobs of
    /// their own instead of running inside the check.
    static func registryAnalyzers(app: Application, blobs: BlobStore, queueSlowWork: Bool = false) -> [any ItemAnalyzer] {
        let context = AnalysisContext(app: app)
        return [TextItemAnalyzer(context: context),
                MediaItemAnalyzer(context: context, blobs: blobs, queuesSlowWork: queueSlowWork)]
    }

    /// The media analyser, which the OCR and video jobs run through (the same context and bank).
    var mediaAnalyzer: MediaItemAnalyzer? { analyzers.lazy.compactMap { $0 as? MediaItemAnalyzer }.first }

    /// True when the check leaves OCR and video frames to their jobs.
    var queuesSlowMediaWork: Bool { mediaAnalyzer?.queuesSlowWork ?? false }
}

extension Application {
    /// The process's monitoring services, made on first use. Set it first to replace them (tests).
    var monitoring: MonitoringServices {
        get throws {
            guard let box = storage[MonitoringServicesKey.self] else {
                throw Abort(.internalServerError, reason: "monitoring services are not configured")
            }
            return try box.withLockedValue { current in
                if let current { return current }
                let made = try MonitoringServices.make(
                    config: kaiguul,
                    analyzers: MonitoringServices.registryAnalyzers(app: self, blobs: try BlobStore(root: kaiguul.blobDirectory),
                                                                    queueSlowWork: true))
                current = made
                startTimestamping(made)
                return made
            }
        }
    }

    func useMonitoring(_ services: MonitoringServices) {
        storage[MonitoringServicesKey.self]?.withLockedValue { $0 = services }
        startTimestamping(services)
    }
}

/// Registers the box the services live in and shuts them down with the application.
struct MonitoringServicesLifecycle: LifecycleHandler {
    init() {}

    static func install(on app: Application) {
        if app.storage[MonitoringServicesKey.self] == nil {
            app.storage[MonitoringServicesKey.self] = ServicesBox()
        }
    }

    func shutdownAsync(_ app: Application) async {
        let services = app.storage[MonitoringServicesKey.self]?.withLockedValue { current -> MonitoringServices? in
            defer { current = nil }
            return current
        }
        await services?.shutdown()
    }
}
