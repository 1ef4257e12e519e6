import Foundation
import KaiguulCore

/// The checks of the volunteer and group forms, in one place for the new and the edit page.
struct VolunteerInput {
    var name: String
    var regionID: Int?
    var district: String
    var ageBand: AgeBand
    var contact: String

    static let fields = ["name", "region_id", "district", "age_band", "contact"]

    struct Raw: Codable {
        var name: String?
        var region_id: String?
        var district: String?
        var age_band: String?
        var contact: String?

        var values: [String: String] {
            ["name": name ?? "", "region_id": region_id ?? "", "district": district ?? "", "age_band": age_band ?? "",
             "contact": contact ?? ""]
        }
    }

    static func parse(_ raw: Raw) -> (input: VolunteerInput?, errors: [String: AppError]) {
        var errors: [String: AppError] = [:]
        let name = FieldRules.line(raw.name, field: "name", max: 200, into: &errors)
        let region = FieldRules.integer(raw.region_id, field: "region_id", range: 1...Int(Int32.max), into: &errors)
        let district = FieldRules.line(raw.district, field: "district", max: 200, required: false, into: &errors)
        let band = FieldRules.choice(raw.age_band, AgeBand.self, field: "age_band", into: &errors)
        let contact = FieldRules.line(raw.contact, field: "contact", max: 200, required: false, into: &errors)
        guard errors.isEmpty, let band else { return (nil, errors) }
        return (VolunteerInput(name: name, regionID: region, district: district, ageBand: band, contact: contact), [:])
    }
}

struct GroupInput {
    var name: String
    var regionID: Int?
    var messenger: Messenger
    var language: Language

    static let fields = ["name", "region_id", "messenger", "language"]

    struct Raw: Codable {
        var name: String?
        var region_id: String?
        var messenger: String?
        var language: String?

        var values: [String: String] {
            ["name": name ?? "", "region_id": region_id ?? "", "messenger": messenger ?? "", "language": language ?? ""]
        }
    }

    static func parse(_ raw: Raw) -> (input: GroupInput?, errors: [String: AppError]) {
        var errors: [String: AppError] = [:]
        let name = FieldRules.line(raw.name, field: "name", max: 200, into: &errors)
        var region: Int?
        if let r = raw.region_id, !r.isEmpty {
            region = FieldRules.integer(r, field: "region_id", range: 1...Int(Int32.max), into: &errors)
        }
        let messenger = FieldRules.choice(raw.messenger, Messenger.self, field: "messenger", into: &errors)
        // Forms made before groups had a language send none: the group then speaks the default, Kyrgyz.
        var language = Language.default
        if let l = raw.language, !l.isEmpty {
            language = FieldRules.choice(l, Language.self, field: "language", into: &errors) ?? .default
        }
        guard errors.isEmpty, let messenger else { return (nil, errors) }
        return (GroupInput(name: name, regionID: region, messenger: messenger, language: language), [:])
    }
}
