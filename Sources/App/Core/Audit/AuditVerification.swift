import Crypto
import Evidence
import Fluent
import Foundation
import Vapor

/// What `kaiguul audit verify` found wrong. The chain alone catches a plain edit or deletion;
/// the signed checkpoints catch what someone with write access to the database can do on top:
/// recompute the whole chain, cut its end and fix the head, or delete everything.
enum AuditFinding: Equatable, Sendable, CustomStringConvertible {
    /// The chain itself is broken (an edited or deleted row, a missing or edited head).
    case chain(AuditLog.Problem)
    /// A checkpoint source could not be read, or one of its lines is not a checkpoint.
    case unreadable(source: String, why: String)
    /// A checkpoint whose signature does not hold with the instance's audit keys.
    case unsigned(source: String, seq: Int, at: String, why: String)
    /// The recomputed chain's hash at a signed seq is not the signed one: rows were rewritten
    /// and the chain recomputed.
    case rewritten(source: String, seq: Int, at: String, signed: String, found: String)
    /// The log ends before a signed seq: rows deleted at the end (and the head fixed).
    case truncated(source: String, seq: Int, at: String, lastSeq: Int)
    /// Fewer rows than a signed checkpoint counted.
    case fewerRows(source: String, signedRows: Int, at: String, rows: Int)
    /// No rows at all, while signed checkpoints say there were.
    case emptied(checkpoints: Int, newestSeq: Int)
    /// The local checkpoints file exists but holds no checkpoint.
    case fileEmptied(path: String)
    /// A signed checkpoint in the local file that the database table no longer holds.
    case missingFromDatabase(seq: Int, at: String)
    /// A timestamp token kept with a checkpoint that does not vouch for its statement.
    case timestampInvalid(source: String, seq: Int, at: String, tsa: String, why: String)

    enum Kind: String, Sendable {
        case chain, unreadable, unsigned, rewritten, truncated, fewerRows, emptied, fileEmptied, missingFromDatabase
        case timestampInvalid
    }

    var kind: Kind {
        switch self {
        case .chain: .chain
        case .unreadable: .unreadable
        case .unsigned: .unsigned
        case .rewritten: .rewritten
        case .truncated: .truncated
        case .fewerRows: .fewerRows
        case .emptied: .emptied
        case .fileEmptied: .fileEmptied
        case .missingFromDatabase: .missingFromDatabase
        case .timestampInvalid: .timestampInvalid
        }
    }

    var description: String {
        switch self {
        case .chain(let problem): "\(problem)"
        case .unreadable(let source, let why): "\(source): \(why)"
        case .unsigned(let source, let seq, let at, let why):
            "checkpoint seq \(seq) of \(at) (\(source)): \(why) (forged, edited, or the audit key was replaced)"
        case .rewritten(let source, let seq, let at, let signed, let found):
            "checkpoint mismatch: the chain at seq \(seq) hashes to \(found) but the checkpoint of \(at) (\(source)) "
                + "signed \(signed) (rows rewritten and the chain recomputed)"
        case .truncated(let source, let seq, let at, let lastSeq):
            "truncated: the log ends at seq \(lastSeq) but the checkpoint of \(at) (\(source)) signed seq \(seq) "
                + "(rows deleted at the end)"
        case .fewerRows(let source, let signedRows, let at, let rows):
            "\(rows) rows but the checkpoint of \(at) (\(source)) counted \(signedRows) (rows deleted)"
        case .emptied(let count, let seq):
            "the audit log is empty but \(count) signed checkpoint(s) say it reached seq \(seq) (everything deleted)"
        case .fileEmptied(let path): "\(path) exists but holds no checkpoint (emptied)"
        case .timestampInvalid(let source, let seq, let at, let tsa, let why):
            "checkpoint seq \(seq) of \(at) (\(source)): the timestamp token of \(tsa) does not hold: \(why)"
        case .missingFromDatabase(let seq, let at):
            "checkpoint seq \(seq) of \(at) is in the checkpoints file but no longer in the database (deleted)"
        }
    }
}

struct AuditVerificationReport: Sendable {
    var chain: AuditLog.Verification
    var rowCount: Int
    /// Distinct checkpoints whose signatures held.
    var checkpointsChecked: Int
    var newest: AuditCheckpointRecord?
    var findings: [AuditFinding]
    /// Worth saying, not evidence of tampering (e.g. a database checkpoint the local file lacks,
    /// as after a failed append or with several `serve` hosts on one database).
    var notes: [String]

    var intact: Bool { findings.isEmpty }
}

/// The check behind `kaiguul audit verify [--against FILE]`.
enum AuditVerifier {
    /// Verifies the log in `db` against the checkpoints in the database, in `localFile` and, when
    /// given, in `against` (a copy held elsewhere), with the audit keys a verifier trusts.
    static func verify(
        db: any Database, keys: [PublishedKey], localFile: AuditCheckpointFile, against: AuditCheckpointFile? = nil,
        trustedTimestampRootsPEM: String? = nil
    ) async throws -> AuditVerificationReport {
        var findings: [AuditFinding] = []
        var notes: [String] = []
        var candidates: [(record: AuditCheckpointRecord, source: String)] = []

        // The database's checkpoints: a dropped table is itself something to report.
        var databaseIdentities: Set<AuditCheckpointRecord.Identity>?
        do {
            let rows = try await AuditCheckpoints.all(on: db)
            databaseIdentities = Set(rows.map(\.record.identity))
            candidates += rows.map { ($0.record, "audit_checkpoints id \($0.id)") }
        } catch {
            findings.append(
                .unreadable(
                    source: "table audit_checkpoints", why: "cannot be read (\(String(describing: error).prefix(200)))")
            )
        }

        let before = findings.count
        let local = try readFile(localFile, findings: &findings)
        if localFile.exists, local.isEmpty, findings.count == before {
            findings.append(.fileEmptied(path: localFile.url.path))
        }
        candidates += local

        if let against {
            guard against.exists else {
                throw AuditCheckpointFileError("cannot read \(against.url.path): no such file")
            }
            let copy = try readFile(against, findings: &findings)
            if copy.isEmpty { findings.append(.unreadable(source: against.url.path, why: "holds no checkpoint")) }
            candidates += copy
        }

        // Signatures first: only what the audit key signed is held against the log.
        var valid: [AuditCheckpointRecord.Identity: (record: AuditCheckpointRecord, sources: [String])] = [:]
        var order: [AuditCheckpointRecord.Identity] = []
        for (record, source) in candidates {
            switch record.checkSignature(keys: keys) {
            case .valid:
                for token in record.timestamps ?? [] {
                    if let why = await problem(with: token, for: record, roots: trustedTimestampRootsPEM) {
                        findings.append(
                            .timestampInvalid(source: source, seq: record.seq, at: record.at, tsa: token.tsa, why: why))
                    }
                }
                if valid[record.identity] == nil {
                    valid[record.identity] = (record, [])
                    order.append(record.identity)
                }
                valid[record.identity]?.sources.append(source)
            case .unknownKey:
                findings.append(
                    .unsigned(
                        source: source, seq: record.seq, at: record.at,
                        why: "signed by \(record.key), which is not one of this instance's audit keys"))
            case .badSignature:
                findings.append(
                    .unsigned(source: source, seq: record.seq, at: record.at, why: "signature does not verify"))
            }
        }
        let checkpoints = order.compactMap { valid[$0] }.sorted {
            ($0.record.seq, $0.record.at) > ($1.record.seq, $1.record.at)
        }

        let chain = try await AuditLog.verify(on: db, noting: Set(checkpoints.map(\.record.seq)))
        if let problem = chain.firstProblem { findings.append(.chain(problem)) }
        let rowCount = try await AuditEntry.query(on: db).count()
        let maxSeq = try await AuditEntry.query(on: db).max(\.$seq) ?? 0

        if rowCount == 0, let newest = checkpoints.first, newest.record.seq > 0 {
            findings.append(.emptied(checkpoints: checkpoints.count, newestSeq: newest.record.seq))
        } else {
            for (record, sources) in checkpoints where record.seq > 0 {
                let source = sources.joined(separator: ", ")
                if maxSeq < record.seq {
                    findings.append(.truncated(source: source, seq: record.seq, at: record.at, lastSeq: maxSeq))
                } else if let found = chain.hashes[record.seq] {
                    if found != record.hash {
                        findings.append(
                            .rewritten(
                                source: source, seq: record.seq, at: record.at, signed: record.hash,
                                found: found))
                    } else if rowCount < record.rows {
                        findings.append(
                            .fewerRows(source: source, signedRows: record.rows, at: record.at, rows: rowCount))
                    }
                }
                // Otherwise the chain broke before this seq: that is already reported, and the rows
                // beyond a break cannot be vouched for either way.
            }
        }

        if let databaseIdentities {
            let fileOnly = Set(local.map(\.record.identity)).subtracting(databaseIdentities)
            for identity in fileOnly.sorted(by: { $0.seq < $1.seq }) where valid[identity] != nil {
                findings.append(.missingFromDatabase(seq: identity.seq, at: identity.at))
            }
            let databaseOnly = databaseIdentities.subtracting(local.map(\.record.identity))
            if !databaseOnly.isEmpty {
                notes.append(
                    "\(databaseOnly.count) checkpoint(s) in the database are not in \(localFile.url.path) "
                        + "(written by another host, or the append failed)")
            }
        }

        return AuditVerificationReport(
            chain: chain, rowCount: rowCount, checkpointsChecked: checkpoints.count,
            newest: checkpoints.first?.record, findings: findings, notes: notes)
    }

    static func verify(app: Application, against: URL? = nil) async throws -> AuditVerificationReport {
        try await verify(
            db: app.db, keys: app.signingKeys.verificationKeys(for: .audit),
            localFile: AuditCheckpoints.localFile(app), against: against.map { AuditCheckpointFile(url: $0) },
            trustedTimestampRootsPEM: app.timestampAuthorities.trustedRootsPEM)
    }

    /// A token must name the statement's SHA-256; with the operator's TSA roots it must also be
    /// signed by a time-stamping certificate that chains to one of them.
    private static func problem(
        with token: AuditCheckpointTimestamp, for record: AuditCheckpointRecord, roots: String?
    ) async -> String? {
        guard let response = Data(base64Encoded: token.response) else { return "not base64" }
        let digest = Array(SHA256.hash(data: record.statement))
        if let roots {
            switch await TimestampVerifier.verify(response: Array(response), sha256: digest, trustedRootsPEM: roots) {
            case .valid: return nil
            case .invalid(let why): return why
            }
        }
        guard let parsed = try? TimestampToken.parse(response: Array(response)) else { return "not a TimeStampResp" }
        return parsed.imprint == digest ? nil : "the token is for other data (imprint differs)"
    }

    private static func readFile(_ file: AuditCheckpointFile, findings: inout [AuditFinding]) throws
        -> [(record: AuditCheckpointRecord, source: String)]
    {
        guard file.exists else { return [] }
        var out: [(record: AuditCheckpointRecord, source: String)] = []
        for line in try file.read() {
            switch line.result {
            case .success(let record): out.append((record, "\(file.url.lastPathComponent) line \(line.number)"))
            case .failure(let error):
                findings.append(.unreadable(source: "\(file.url.path) line \(line.number)", why: error.description))
            }
        }
        return out
    }
}
