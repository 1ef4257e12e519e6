import Fluent
import KaiguulCore
import Vapor

/// The probes page: every probe with its network, token prefix, last upload and state; the networks
/// table; for an admin, the forms.
enum ProbeIndex {
    /// Which form a refusal belongs to, so its errors show next to the right fields.
    enum Form: Sendable { case probe, network, importCSV }

    struct NewToken: Sendable {
        var probeID: Int
        var name: String
        var token: String
    }

    struct Row: Sendable {
        var id: Int
        var name: String
        var kind: String
        var asn: Int?
        var networkName: String?
        var tokenPrefix: String
        var createdAt: Date
        var lastSeenAt: Date?
        var disabled: Bool
        var measurements: Int
    }

    struct NetworkRow: Sendable {
        var id: Int
        var prefix: String
        var asn: Int
        var name: String
    }

    struct Model: Sendable {
        var probes: [Row]
        var networks: [NetworkRow]
        var canManage: Bool
        var csrf: String
        var form: Form
        var values: [String: String]
        var errors: [String: AppError]
        var newToken: NewToken?
    }

    static let networksShown = 1_000

    static func load(_ req: Request, form: Form, values: [String: String], errors: [String: AppError],
                     newToken: NewToken?) async throws -> Model {
        let db = req.db
        let probes = try await Probe.query(on: db).sort(\.$name).limit(1_000).all()
        var rows: [Row] = []
        for p in probes {
            guard let id = p.id else { continue }
            let count = try await MeasurementRecord.query(on: db).filter(\.$probeID == id).count()
            rows.append(Row(id: id, name: p.name, kind: kind(p.kind), asn: p.asn, networkName: p.networkName,
                            tokenPrefix: p.tokenPrefix, createdAt: p.createdAt, lastSeenAt: p.lastSeenAt,
                            disabled: p.disabledAt != nil, measurements: count))
        }
        let networks = try await Network.query(on: db).sort(\.$asn).sort(\.$prefix).limit(networksShown).all()
            .compactMap { n in n.id.map { NetworkRow(id: $0, prefix: n.prefix, asn: n.asn, name: n.name) } }
        return Model(probes: rows, networks: networks, canManage: req.can(.create, .probe),
                     csrf: CSRFMiddleware.token(for: req), form: form, values: values, errors: errors,
                     newToken: newToken)
    }

    /// Only kinds the page translates reach a key.
    static func kind(_ raw: String) -> String {
        ProbeStore.Kind(rawValue: raw)?.rawValue ?? ProbeStore.Kind.volunteer.rawValue
    }
}
