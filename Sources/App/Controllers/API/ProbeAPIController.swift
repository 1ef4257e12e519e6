import Vapor

/// The two doors of a probe: the signed block list and its measurements. A probe authenticates with
/// its own token in `X-Kaiguul-Probe-Token` (a person's API token opens neither), and only ever
/// uploads as itself.
enum ProbeAPIController {
    static let tokenHeader = "X-Kaiguul-Probe-Token"

    static func authenticate(_ req: Request) async throws -> Probe {
        guard let probe = try await ProbeStore.probe(forToken: req.headers.first(name: tokenHeader), on: req.db) else {
            throw AppError(status: .unauthorized, message: "probes.error.token")
        }
        guard probe.disabledAt == nil else { throw AppError(status: .forbidden, message: "probes.error.disabled") }
        return probe
    }

    @Sendable static func blocklist(req: Request) async throws -> Response {
        _ = try await authenticate(req)
        let signed = try await ProbeBlocklist.current(keys: req.signingKeys, on: req.db)
        let response = Response(status: .ok, body: .init(data: signed.body))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: ProbeBlocklist.signatureHeader, value: signed.signature)
        response.headers.replaceOrAdd(name: ProbeBlocklist.fingerprintHeader, value: signed.fingerprint)
        response.headers.replaceOrAdd(name: ProbeBlocklist.serialHeader, value: String(signed.serial))
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable static func measurements(req: Request) async throws -> Response {
        let probe = try await authenticate(req)
        guard await req.application.probeUploadLimiter.allow("probe:\(try probe.requireID())") else {
            throw AppError(status: .tooManyRequests, message: "error.too_many_requests")
        }
        guard req.headers.contentType == .json else {
            throw AppError(status: .unsupportedMediaType, message: "error.unsupported_media")
        }
        guard let buffer = req.body.data else { throw AppError(status: .badRequest, message: "probes.error.body") }
        let upload = try ProbeUpload.decode(Data(buffer.readableBytesView))
        let controls = req.application.probeControlSource ?? .live
        let receipt = try await ProbeIntake.receive(upload, probe: probe, address: req.clientAddress,
                                                    controls: controls, app: req.application)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let response = Response(status: .created, body: .init(data: try encoder.encode(receipt)))
        response.headers.contentType = .json
        return response
    }
}
