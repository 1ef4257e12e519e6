import Evidence
import Exchange
import Foundation
import Monitor
import Vapor

/// Captures an address now for a case, the way `kaiguul archive` does: through the process's guarded
/// fetcher (address guard, limits, politeness) into the WARC store, the page and the images it shows.
/// Runs before the case's transaction: fetching inside it would hold a write lock for seconds; if the
/// transaction then fails, the captures stay as unattached evidence, which is harmless.
enum CaseCapture {
    struct Captured: Sendable {
        /// The page's final response (after redirects).
        var pageCaptureID: Int
        /// The images of that page, captured as `media` with the page as parent.
        var mediaCaptureIDs: [Int]
        var payloadSHA256: String?

        var selection: EvidenceSelection { EvidenceSelection(captureIDs: [pageCaptureID] + mediaCaptureIDs) }
    }

    /// Images fetched per page at most.
    static let imageLimit = 20

    /// The address a target is fetched at: a site's home page, a URL or account page as it is.
    static func address(of target: BlockTarget) -> String? {
        switch target {
        case .domain(let name, let port): return "https://\(name)\(port.map { ":\($0)" } ?? "")/"
        case .url(let url): return url
        case .account:
            let url = target.canonical
            return url.hasPrefix("https://") || url.hasPrefix("http://") ? url : nil
        }
    }

    /// Fetches and records `url`. A fetch that got no usable response is a 422 naming `field`
    /// (`capture.failed.*`), with nothing written.
    static func capture(url: String, field: String, app: Application) async throws -> Captured {
        let services = try app.monitoring
        let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
        let adapter = WebPageAdapter()
        let result = await services.fetcher.fetch(services.locate(url), acceptedContentTypes: adapter.acceptedContentTypes)
        // A failed fetch is refused before anything is written: the form is shown again as it was.
        guard let final = result.final, result.failure == nil, (200..<400).contains(final.status) else {
            throw AppError.captureFailed(field: field, failure: result.failure, status: result.final.map { Int($0.status) })
        }
        guard let pageID = try await recorder.record(result, role: "archive").finalCaptureID else {
            throw AppError.captureFailed(field: field)
        }
        let output = adapter.extract(AdapterInput(url: final.url, contentType: final.contentType, body: final.body))
        let imageTypes = CapturePipeline.mediaTypes.filter { $0.hasPrefix("image/") }
        var media: [Int] = []
        for image in (output.page?.mediaURLs ?? []).prefix(imageLimit) {
            let fetched = await services.fetcher.fetch(services.locate(image), acceptedContentTypes: imageTypes)
            guard let body = fetched.final, fetched.outcome == .complete, (200..<300).contains(body.status) else {
                continue
            }
            let recorded = try await recorder.record(fetched, role: "media", parentCaptureID: pageID)
            _ = try? services.blobs.put(Data(body.body))
            if let id = recorded.finalCaptureID { media.append(id) }
        }
        let sha = try await Capture.find(pageID, on: app.db)?.payloadSHA256
        return Captured(pageCaptureID: pageID, mediaCaptureIDs: media, payloadSHA256: sha)
    }

    /// "Capture the target again now": the case's target fetched and attached, with its event and
    /// audit rows. Only an analyst may; the role is checked before anything is fetched.
    static func captureTarget(caseID: Int, note: String, actor: CaseStore.Actor, app: Application) async throws
        -> Captured
    {
        guard let role = actor.role, CaseEvidenceStore.roles.contains(role) else { throw AppError.forbidden }
        guard let record = try await CaseRecord.find(caseID, on: app.db) else { throw AppError.notFound }
        guard let target = try? BlockTarget.parse(record.target), let url = address(of: target) else {
            throw AppError.invalid("target", "case.error.no_address")
        }
        let captured = try await capture(url: url, field: "capture", app: app)
        try await CaseEvidenceStore.add(captured.selection, caseID: caseID,
                                        note: note.isEmpty ? "Captured again: \(url.prefix(300))" : note,
                                        actor: actor, app: app)
        return captured
    }
}
