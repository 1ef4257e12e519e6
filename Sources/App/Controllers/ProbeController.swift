import Vapor

/// The probes page (`/probes`): registered probes with their networks and last upload; for an admin,
/// registering a probe (its token is shown once, on the answer to the form), disabling one, and the
/// networks table (one range at a time or a pasted `prefix,asn,name` CSV).
enum ProbeController {
    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .probe)
        return try await render(req, form: .probe, values: [:], errors: [:])
    }

    struct ProbeForm: Content {
        var name: String?
        var kind: String?
        var asn: String?
        var network_name: String?
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.create, .probe)
        let form = try req.input(ProbeForm.self)
        let values = ["name": form.name ?? "", "kind": form.kind ?? "", "asn": form.asn ?? "",
                      "network_name": form.network_name ?? ""]
        do {
            let created = try await ProbeStore.register(
                .init(name: form.name, kind: form.kind, asn: form.asn, networkName: form.network_name),
                actor: actor.auditActor, app: req.application)
            // The token is in this answer only: it is not kept, not even in the session's flash.
            return try await render(req, form: .probe, values: [:], errors: [:],
                                    newToken: .init(probeID: created.id, name: values["name"] ?? "", token: created.token),
                                    status: .created)
        } catch let errors as FormErrors {
            return try await render(req, form: .probe, values: values, errors: errors.errors)
        }
    }

    @Sendable static func disable(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.update, .probe)
        try await ProbeStore.disable(try req.idParameter(), actor: actor.auditActor, app: req.application)
        return req.redirect(to: "/probes")
    }

    /// Named apart from the probe form's fields: both forms are on one page.
    struct NetworkForm: Content {
        var net_prefix: String?
        var net_asn: String?
        var net_name: String?
    }

    @Sendable static func addNetwork(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.create, .probe)
        let form = try req.input(NetworkForm.self)
        var errors: [String: AppError] = [:]
        guard let row = NetworkStore.validate(prefix: form.net_prefix, asn: form.net_asn, name: form.net_name,
                                              into: &errors) else {
            let renamed = errors.reduce(into: [String: AppError]()) { out, e in
                var error = e.value
                error.field = "net_\(e.key)"
                out["net_\(e.key)"] = error
            }
            return try await render(req, form: .network, values: ["net_prefix": form.net_prefix ?? "",
                                                                  "net_asn": form.net_asn ?? "",
                                                                  "net_name": form.net_name ?? ""], errors: renamed)
        }
        try await NetworkStore.save([row], actor: actor.auditActor, app: req.application)
        Flash.set(req, "flash.network_saved", ["prefix": row.prefix])
        return req.redirect(to: "/probes#networks")
    }

    struct ImportForm: Content {
        var csv: String?
    }

    @Sendable static func importNetworks(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.create, .probe)
        let form = try req.input(ImportForm.self)
        do {
            let rows = try NetworkStore.parseCSV(form.csv ?? "")
            let saved = try await NetworkStore.save(rows, actor: actor.auditActor, app: req.application)
            Flash.set(req, "flash.networks_imported", ["added": String(saved.added), "updated": String(saved.updated)])
            return req.redirect(to: "/probes#networks")
        } catch let errors as FormErrors {
            return try await render(req, form: .importCSV, values: ["csv": form.csv ?? ""], errors: errors.errors)
        }
    }

    @Sendable static func deleteNetwork(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.delete, .probe)
        try await NetworkStore.delete(try req.idParameter(), actor: actor.auditActor, app: req.application)
        return req.redirect(to: "/probes#networks")
    }

    private static func render(_ req: Request, form: ProbeIndex.Form, values: [String: String],
                               errors: [String: AppError], newToken: ProbeIndex.NewToken? = nil,
                               status: HTTPResponseStatus? = nil) async throws -> Response {
        let model = try await ProbeIndex.load(req, form: form, values: values, errors: errors, newToken: newToken)
        return req.page(req.t("probes.title"), status: status ?? (errors.isEmpty ? .ok : .unprocessableEntity),
                        ProbeIndex.view(model, request: req))
    }
}
