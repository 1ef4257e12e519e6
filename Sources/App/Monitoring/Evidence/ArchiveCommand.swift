import Evidence
import Foundation
import Monitor
import Vapor

/// `kaiguul archive URL --out FILE.wacz`: captures one URL now — the page and the images it
/// shows — into the evidence store (WARC, captures rows, blob store) and writes the same kind of
/// package as a case's: `warcinfo` first, then each capture's request, response and metadata.
struct ArchiveCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "url", help: "The page to capture (http or https).")
        var url: String
        @Option(name: "out", short: "o", help: "Where to write the package (FILE.wacz; must not exist).")
        var out: String?
    }

    var help: String { "Captures one URL now (page and images) and writes a WACZ evidence package." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard let out = signature.out, !out.isEmpty else {
            throw Abort(.badRequest, reason: "--out FILE.wacz is required")
        }
        let destination = URL(
            fileURLWithPath: out, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        )
        .standardizedFileURL
        let result = try await Self.archive(url: signature.url, to: destination, app: app)
        // The package's hash is the command's data; what happened goes to the log (stderr).
        FileHandle.standardError.write(
            Data(
                "captured \(result.captureIDs.count) responses (\(result.images) images); package \(destination.path)\n"
                    .utf8))
        FileHandle.standardOutput.write(Data("\(result.summary.sha256)  \(destination.path)\n".utf8))
    }

    struct Result: Sendable {
        var captureIDs: [Int]
        var images: Int
        var summary: WACZSummary
        var package: PackageSummary
    }

    static func archive(url: String, to destination: URL, app: Application) async throws -> Result {
        let services = try app.monitoring
        let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
        let adapter = WebPageAdapter()
        let result = await services.fetcher.fetch(
            services.locate(url), acceptedContentTypes: adapter.acceptedContentTypes)
        let page = try await recorder.record(result, role: "archive")
        guard let final = result.final, result.failure == nil else {
            throw Abort(
                .badGateway,
                reason: "could not capture \(url.prefix(300)): \(result.failure?.description ?? "no response")")
        }
        let output = adapter.extract(AdapterInput(url: final.url, contentType: final.contentType, body: final.body))
        let imageTypes = CapturePipeline.mediaTypes.filter { $0.hasPrefix("image/") }
        var images = 0
        for image in (output.page?.mediaURLs ?? []).prefix(100) {
            let fetched = await services.fetcher.fetch(services.locate(image), acceptedContentTypes: imageTypes)
            _ = try await recorder.record(fetched, role: "media", parentCaptureID: page.finalCaptureID)
            if let body = fetched.final, fetched.outcome == .complete, (200..<300).contains(body.status) {
                _ = try? services.blobs.put(Data(body.body))
                images += 1
            }
        }
        let ids = await recorder.captureIDs
        // The capture's WARC file is closed (and stamped, when a TSA is configured) first, so the
        // package carries the token of the file its records come from.
        await services.timestamper.closeAndStamp(within: .seconds(30))
        let package = try await EvidencePackage.write(
            captureIDs: ids, to: destination, title: "Kaiguul archive of \(url.prefix(200))", actor: .commandLine,
            app: app)
        return Result(captureIDs: ids, images: images, summary: package.wacz, package: package)
    }
}
