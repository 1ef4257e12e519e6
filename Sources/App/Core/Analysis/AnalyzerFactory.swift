import Detection
import Fluent
import Foundation
import Vapor

/// Builds the text analyser from what the registries hold: indicators typed by analysts, every
/// banned organisation's names and aliases, the texts of banned materials and, when one has been
/// trained, the triage classifier in `data/models/`.
enum AnalyzerFactory {
    static func classifierURL(_ config: AppConfig) -> URL {
        config.dataDirectory.appendingPathComponent("models/triage.classifier")
    }

    static func make(on db: any Database, config: AppConfig) async throws -> TextAnalyzer {
        let identifier = try LanguageIdentifier.bundled()
        let indicators = try await indicators(on: db)
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

    /// Indicators in force: the typed ones not retired, then the names and aliases of every
    /// organisation still banned. A typed indicator that repeats a name counts once (as the typed
    /// one, whose weight the analyst chose); an organisation whose ban was lifted has none.
    static func indicators(on db: any Database) async throws -> [Indicator] {
        let organizations = try await Organization.query(on: db).all()
        let lifted = Set(organizations.filter { $0.status == OrganizationStatus.lifted.rawValue }.compactMap(\.id))
        let rows = try await IndicatorRecord.query(on: db).filter(\.$retiredAt == nil).sort(\.$id).all()
        let normalizer = TextNormalizer()
        var seen = Set<String>()
        var result: [Indicator] = []
        for row in rows {
            guard let mode = IndicatorMode(rawValue: row.mode) else { continue }
            if let org = row.$organization.id, lifted.contains(org) { continue }
            let indicator = Indicator(id: row.id.map { "indicator-\($0)" }, organizationID: row.$organization.id.map(String.init) ?? "",
                                      text: row.value, language: row.language.isEmpty ? nil : row.language,
                                      weight: row.weight, mode: mode)
            for spelling in IndicatorSpelling.withPlainSpelling(indicator, normalizer: normalizer) {
                seen.insert(IndicatorSpelling.identity(of: spelling, normalizer: normalizer))
                result.append(spelling)
            }
        }
        for org in organizations where org.status != OrganizationStatus.lifted.rawValue {
            guard let id = org.id else { continue }
            let derived = IndicatorSpelling.indicators(organizationID: String(id), names: [org.nameKy, org.nameRu, org.nameEn],
                                                   aliases: org.aliasList, normalizer: normalizer)
            result += derived.filter { seen.insert(IndicatorSpelling.identity(of: $0, normalizer: normalizer)).inserted }
        }
        return result
    }
}
