import Vapor

/// The per-provider compliance pages: whoever may see probes may see what they measured.
enum ProbeComplianceController {
    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .probe)
        let model = try await Compliance.load(req)
        return req.page(req.t("compliance.title"), Compliance.view(model, request: req))
    }

    @Sendable static func network(req: Request) async throws -> Response {
        try req.authorize(.view, .probe)
        var raw = Substring(req.parameters.get("asn") ?? "")
        if raw.uppercased().hasPrefix("AS") { raw = raw.dropFirst(2) }
        guard raw.count <= 10, raw.allSatisfy({ $0.isASCII && $0.isNumber }), let asn = Int(raw),
              (1...4_294_967_295).contains(asn) else { throw AppError.notFound }
        let model = try await Compliance.load(req, asn: asn)
        return req.page(req.t("compliance.network_title", ["network": ProbeIndex.network(asn, model.name)]),
                        Compliance.view(model, request: req))
    }
}
