import Detection
import Foundation
import MediaMatch

/// The importers an operator feeds files to: indicator and material registries (CSV, JSON, JSON Lines),
/// classifier training samples (JSON Lines) and the media hash bank (CSV and hex lines).
enum ImportTargets {
    static let formats: [ImportFormat] = [.auto, .csv, .json]
    static let limits = RegistryImport.Limits(maxFileBytes: 1 << 20, maxRows: 10_000, maxMaterialBytes: 64 << 10)

    /// First byte: the format; the rest: the file.
    static let indicators = FuzzTarget(name: "import-indicators") { bytes in
        guard let first = bytes.first else { return }
        let data = Data(bytes.dropFirst())
        let report = RegistryImport.indicators(from: data, format: formats[Int(first) % formats.count], limits: limits)
        check(report)
        for indicator in report.records {
            invariant(!indicator.text.isEmpty, "an indicator without text was accepted")
            invariant(indicator.weight.isFinite, "indicator weight \(indicator.weight)")
        }
    }

    static let materials = FuzzTarget(name: "import-materials") { bytes in
        guard let first = bytes.first else { return }
        let data = Data(bytes.dropFirst())
        check(RegistryImport.materials(from: data, format: formats[Int(first) % formats.count], limits: limits))
    }

    static let classifierSamples = FuzzTarget(name: "import-classifier-samples") { bytes in
        let parsed = TextClassifier.parseJSONL(Data(bytes), maxSamples: 1_000, maxTextBytes: 1_024)
        invariant(parsed.samples.count <= 1_000)
        for sample in parsed.samples { invariant(sample.text.utf8.count <= 1_024, "text longer than the limit") }
    }

    /// Media bank CSV: what is accepted exports and imports back to the same bank.
    static let mediaBankCSV = FuzzTarget(name: "import-media-bank-csv") { bytes in
        guard let entries = try? MediaBank.parseCSV(FuzzSupport.text(bytes)) else { return }
        let bank = MediaBank(entries)
        let exported = bank.exportCSV(includeKind: true)
        let again: [MediaFingerprint]
        do {
            again = try MediaBank.parseCSV(exported)
        } catch {
            fatalError("the bank's own CSV export is refused: \(error)")
        }
        invariant(MediaBank(again) == bank, "the CSV export does not import back to the same bank")
    }

    static let mediaBankHex = FuzzTarget(name: "import-media-bank-hex") { bytes in
        for kind in FingerprintKind.allCases {
            guard let entries = try? MediaBank.parseHexLines(FuzzSupport.text(bytes), kind: kind) else { continue }
            let bank = MediaBank(entries)
            let again = try? MediaBank.parseHexLines(bank.exportHexLines(kind: kind), kind: kind)
            invariant(again.map { Set($0.map(\.value)) } == Set(bank.entries(of: kind).map(\.value)),
                         "the hex export does not import back")
        }
    }

    static func check<Record>(_ report: ImportReport<Record>) {
        invariant(report.records.count <= report.rowsRead, "more records than rows read")
        invariant(report.records.count <= limits.maxRows, "more records than the row limit")
    }
}
