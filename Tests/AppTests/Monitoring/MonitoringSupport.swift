import Evidence
import Foundation
import KaiguulCore
import Monitor
import Vapor

@testable import App

extension Application {
    /// Monitoring services for tests: only 127.0.0.1 allowed, short limits, no politeness delay,
    /// crawled URLs mapped onto the loopback server, WARC files in the test's data folder.
    @discardableResult
    /// With `analyze`, items are analysed as in production (registries → signals → triage priority).
    func useTestMonitoring(
        server: SiteServer, limits: PipelineLimits = PipelineLimits(), analyze: Bool = false,
        fetcher adjust: (inout FetcherConfiguration) -> Void = { _ in }
    ) throws -> MonitoringServices {
        var configuration = FetcherConfiguration()
        configuration.allowedNetworks = [CIDR("127.0.0.1/32")!]
        // Generous: on a loaded two-core CI machine running the suite in parallel, a local fetch
        // took over three seconds and the page's image was lost (a test about timeouts sets its own through `fetcher:`).
        configuration.connectTimeout = .seconds(20)
        configuration.readTimeout = .seconds(20)
        configuration.totalTimeout = .seconds(30)
        configuration.minimumDelayPerHost = .zero
        configuration.maximumConcurrentPerHost = 8
        configuration.maximumAttempts = 1
        configuration.maximumBodyBytes = 1_048_576
        configuration.maximumDecodedBytes = 4 * 1_048_576
        configuration.userAgent = "KaiguulTest/1"
        adjust(&configuration)
        let services = try MonitoringServices(
            fetcher: Fetcher(configuration: configuration),
            warcDirectory: kaiguul.dataDirectory.appendingPathComponent("warc"),
            blobs: BlobStore(root: kaiguul.blobDirectory), limits: limits,
            analyzers: analyze ? MonitoringServices.registryAnalyzers(app: self, blobs: try BlobStore(root: kaiguul.blobDirectory)) : [],
            locate: server.locate,
            collector: "kaiguul-test")
        useMonitoring(services)
        return services
    }

    func makeSource(_ kind: SourceKind, _ address: String) async throws -> Int {
        let input = try SourceInput.validate(SourceInput.Raw(
            kind: kind.rawValue, address: address, title: nil, region_id: nil, organization_id: nil,
            check_interval_minutes: "60", status: "active", notes: nil))
        return try await SourceStore.create(input, origin: .analyst, actor: .commandLine, app: self)
    }
}

/// Copies the WARC and WACZ files a test produced to `$KAIGUUL_EVIDENCE_SAMPLES_DIR/monitoring/`,
/// where `make test` runs warcio, cdxj-indexer and wacz validate over them.
enum EvidenceSamples {
    static func keep(_ files: [URL], prefix: String) {
        guard let base = ProcessInfo.processInfo.environment["KAIGUUL_EVIDENCE_SAMPLES_DIR"], !base.isEmpty else { return }
        let dir = URL(fileURLWithPath: base).appendingPathComponent("monitoring")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for file in files {
            let target = dir.appendingPathComponent("\(prefix)-\(file.lastPathComponent)")
            try? FileManager.default.removeItem(at: target)
            try? FileManager.default.copyItem(at: file, to: target)
        }
    }
}
