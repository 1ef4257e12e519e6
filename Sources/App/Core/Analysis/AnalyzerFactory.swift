import Detection
import Fluent
import Foundation
import Vapor

/// Builds the text analyser from what the registries hold: indicators, the texts of banned
/// materials and, when one has been trained, the triage classifier in `data/models/`.
enum AnalyzerFactory {
    static func classifierURL(_ config: AppConfig) -> URL {
        config.dataDirectory.appendingPathComponent("models/triage.classifier")
    }

    static func make(on db: any Database, config: AppConfig) async throws -> TextAnalyzer {
        let identifier = try LanguageIdentifier.bundled()
        let indicatorRows = try await IndicatorRecord.query(on: db).all()
        let indicators = indicatorRows.compactMap { row -> Indicator? in
            guard let mode = IndicatorMode(rawValue: row.mode) else { return nil }
            return Indicator(id: row.id.map { "indicator-\($0)" }, organizationID: row.$organization.id.map(String.init) ?? "",
                             text: row.value, language: row.language.isEmpty ? nil : row.language, weight: row.weight,
                             mode: mode)
        }
        var index = NearDuplicateIndex()
        let materials = try await BannedMaterial.query(on: db).filter(\.$text != nil).all()
        for material in materials {
            guard let text = material.text, !text.isEmpty, let id = material.id else { continue }
            _ = index.add(materialID: String(id), title: material.title, text: text)
        }
        let classifierData = try? Data(contentsOf: classifierURL(config))
        let classifier = classifierData.flatMap { try? TextClassifierModel(serialized: $0) }
        return TextAnalyzer(languageIdentifier: identifier,
                            indicators: indicators.isEmpty ? nil : IndicatorMatcher(indicators: indicators),
                            nearDuplicates: materials.isEmpty ? nil : index, classifier: classifier)
    }
}
