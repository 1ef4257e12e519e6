import Exchange
import Foundation
import KaiguulCore

/// Shared hashes gathered into files. A listed entry is one file. A court-banned material's
/// fingerprints that share a label are taken as one file's hashes, unless the label holds more than
/// one hash of a kind, in which case each exact hash is a file of its own and the perceptual hashes
/// another: nothing leaves claiming two different files are one.
enum BannedFiles {
    static func group(_ hashes: [SharedHash]) -> [STIXBannedFile] {
        var groups: [String: [SharedHash]] = [:]
        var order: [String] = []
        for hash in hashes {
            let key = hash.materialID.map { "material:\($0):\(hash.label ?? "")" } ?? hash.subjectKey
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(hash)
        }
        var files: [STIXBannedFile] = []
        for key in order {
            let members = groups[key]!
            let exact = members.filter { STIXBannedFile.hashName(kind: $0.kind) != nil }
            let perKind = Dictionary(grouping: exact, by: \.kind)
            if perKind.values.allSatisfy({ $0.count <= 1 }) {
                files.append(file(members))
            } else {
                files += exact.map { file([$0]) }
                let perceptual = members.filter { STIXBannedFile.hashName(kind: $0.kind) == nil }
                if !perceptual.isEmpty { files.append(file(perceptual)) }
            }
        }
        return files
    }

    /// The subject is the first member's key, so the file keeps its ids when hashes join it later.
    private static func file(_ members: [SharedHash]) -> STIXBannedFile {
        let sorted = members.sorted { number($0.subjectKey) < number($1.subjectKey) }
        let first = sorted[0]
        var hashes: [String: String] = [:]
        for m in sorted { if let name = STIXBannedFile.hashName(kind: m.kind) { hashes[name] = m.value.lowercased() } }
        let decision: STIXLegalBasis? = first.decisionNumber.flatMap { number in
            number.isEmpty && (first.court ?? "").isEmpty ? nil
                : STIXLegalBasis(court: first.court ?? "", number: number, date: first.decisionDate)
        }
        return STIXBannedFile(subject: first.subjectKey, label: first.label, hashes: hashes,
                              pdq: sorted.filter { $0.kind == "pdq" }.map { $0.value.lowercased() },
                              videoPDQ: sorted.filter { $0.kind == "video_pdq" }.map { $0.value.lowercased() },
                              decision: decision, provenance: first.provenance,
                              deleted: sorted.allSatisfy(\.deleted),
                              createdAt: sorted.map(\.changedAt).min() ?? first.changedAt,
                              changedAt: sorted.map(\.changedAt).max() ?? first.changedAt,
                              organizationID: first.organizationID)
    }

    private static func number(_ key: String) -> Int { Int(key.split(separator: ":").last ?? "") ?? 0 }
}
