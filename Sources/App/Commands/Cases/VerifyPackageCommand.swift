import Crypto
import Evidence
import Foundation
import Vapor

/// `kaiguul verify-package FILE [--language ky|ru|en] [--trusted-roots PEM] [--key KEY]`: checks an
/// evidence package (every hash, the WACZ signature, the custody manifest's signature, every
/// WARC record, the collection timestamps) and says each check in the reader's language on
/// standard output; exits non-zero when any check failed. It reads only the file: no database.
struct VerifyPackageCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The package (.wacz).")
        var file: String
        @Option(name: "language", help: "ky, ru or en (default ky).")
        var language: String?
        @Option(name: "trusted-roots", help: "PEM file of root certificates trusted for signers and timestamps.")
        var trustedRoots: String?
        @Option(name: "key", help: "Public keys you trust (base64 DER, PEM file, or sha256:fingerprint), comma-separated.")
        var key: String?
    }

    var help: String { "Checks an evidence package's hashes, signatures and timestamps." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let language = Language(rawValue: signature.language ?? "ky") else {
            throw CommandFailure("--language must be ky, ru or en")
        }
        let file = URL(fileURLWithPath: signature.file)
        guard FileManager.default.fileExists(atPath: file.path) else { throw CommandFailure("no file \(file.path)") }
        var roots: String?
        if let path = signature.trustedRoots {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.contains("BEGIN CERTIFICATE") else {
                throw CommandFailure("--trusted-roots \(path.prefix(200)) is not a readable PEM file of certificates")
            }
            roots = text
        }
        let named = try Self.fingerprints(signature.key ?? "")
        let keys = context.application.signingKeys
        let instance = Set((keys.verificationKeys(for: .wacz) + keys.verificationKeys(for: .audit)).map(\.fingerprint))
        let report = await PackageVerifier.verify(
            package: file, trust: PackageTrust(namedKeys: named, instanceKeys: instance, trustedRootsPEM: roots))
        let lines = Self.render(report, file: file.lastPathComponent, t: Translator(language: language))
        FileHandle.standardOutput.write(Data(lines.joined(separator: "\n").appending("\n").utf8))
        guard report.passed else { throw CommandFailure(lines.last ?? "verification failed") }
    }

    /// One line per check: outcome, what was checked (in the reader's language), and the detail.
    static func render(_ report: PackageVerificationReport, file: String, t: Translator) -> [String] {
        var lines = [t("verify.title", ["file": file])]
        if let mode = report.signatureMode { lines.append(t("verify.mode.\(mode)")) }
        for check in report.checks {
            let subject = check.subject.map { " (\($0))" } ?? ""
            lines.append("[\(t("verify.outcome.\(check.outcome.rawValue)"))] \(t("verify.check.\(check.id)"))\(subject): \(check.detail)")
        }
        let count = { (outcome: PackageCheck.Outcome) in String(report.checks.filter { $0.outcome == outcome }.count) }
        lines.append(
            report.passed
                ? t("verify.result.passed", ["passed": count(.passed), "skipped": count(.skipped)])
                : t("verify.result.failed", ["failed": count(.failed), "total": String(report.checks.count)]))
        return lines
    }

    /// `sha256:` fingerprints of the keys named: a fingerprint as is, a base64 DER public key or a
    /// PEM file hashed as `kaiguul keys show` and the keys document do.
    static func fingerprints(_ list: String) throws -> Set<String> {
        var result = Set<String>()
        for raw in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !raw.isEmpty {
            let hex = raw.hasPrefix("sha256:") ? String(raw.dropFirst(7)) : raw
            if hex.count == 64, hex.allSatisfy(\.isHexDigit) {
                result.insert("sha256:" + hex.lowercased())
            } else if let der = Data(base64Encoded: raw), der.count >= 32 {
                result.insert("sha256:" + sha256Hex(der))
            } else if let text = try? String(contentsOfFile: raw, encoding: .utf8),
                      let der = pemBlock(text, label: "PUBLIC KEY") {
                result.insert("sha256:" + sha256Hex(Data(der)))
            } else {
                throw CommandFailure("--key \(raw.prefix(80)): not a fingerprint, a base64 public key or a PEM file")
            }
        }
        return result
    }
}
