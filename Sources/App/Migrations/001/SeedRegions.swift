import Fluent
import KaiguulCore

/// The seven oblasts and the two cities of republican significance, in all three languages.
struct SeedRegions: AsyncMigration {
    static let names: [RegionCode: (ky: String, ru: String, en: String)] = [
        .batken: ("Баткен облусу", "Баткенская область", "Batken Region"),
        .chuy: ("Чүй облусу", "Чуйская область", "Chüy Region"),
        .jalalAbad: ("Жалал-Абад облусу", "Джалал-Абадская область", "Jalal-Abad Region"),
        .naryn: ("Нарын облусу", "Нарынская область", "Naryn Region"),
        .osh: ("Ош облусу", "Ошская область", "Osh Region"),
        .talas: ("Талас облусу", "Таласская область", "Talas Region"),
        .issykKul: ("Ысык-Көл облусу", "Иссык-Кульская область", "Issyk-Kul Region"),
        .bishkekCity: ("Бишкек шаары", "город Бишкек", "Bishkek City"),
        .oshCity: ("Ош шаары", "город Ош", "Osh City"),
    ]

    func prepare(on database: any Database) async throws {
        for code in RegionCode.allCases {
            guard let name = Self.names[code] else { continue }
            let region = Region()
            region.code = code.rawValue
            region.nameKy = name.ky
            region.nameRu = name.ru
            region.nameEn = name.en
            region.kind = code.isCity ? "city" : "oblast"
            try await region.create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await Region.query(on: database).delete()
    }
}
