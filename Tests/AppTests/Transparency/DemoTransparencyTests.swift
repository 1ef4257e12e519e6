import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// The demo's transparency report gives its figures, the same in Kyrgyz, Russian and English, and they
/// are what the stored block orders and measurements say.
@Suite("Demo transparency report") struct DemoTransparencyTests {
    @Test func demoFiguresInAllThreeLanguages() async throws {
        try await withApp { app in
            _ = try await DemoData.seed(app: app)
            let from = "2021-01-01", to = PeriodReport.iso(Date())
            let report = try await TransparencyReport.build(on: app.db, from: from, to: to)
            let listed = try await BlockOrder.query(on: app.db).count()
            #expect(report.total.ordered == listed)
            #expect(report.total.ordered > 0)
            #expect(report.providers.map(\.asn) == [64500, 64501, 64502])
            // Some held by every network within a week, not all (the volunteer's network leaves some open),
            // and some offline at the origin.
            #expect(report.total.enforcedByAllWithinWeek > 0)
            #expect(report.total.enforcedByAllWithinWeek < report.total.ordered)
            #expect(report.total.enforcedByAllWithinDay <= report.total.enforcedByAllWithinWeek)
            #expect(report.total.offlineAtOrigin > 0)
            #expect(report.total.lifted > 0)

            let browser = Browser(app)
            try await browser.login("analyst", DemoData.password)
            let summary = TransparencyTables.percent(report.total.enforcedByAllWithinWeek, of: report.total.ordered)
            let words: [String: [String]] = [
                "ky": ["Ачык-айкындык отчёту", "7 күндө: \(summary)", "Ала-Тоо Телеком (демо)", "DNS аркылуу бөгөттөлгөн"],
                "ru": ["Отчёт о прозрачности", "за 7 дней: \(summary)", "Нарын Байланыш (демо)", "заблокирован через HTTP"],
                "en": ["Transparency report", "within 7 days: \(summary)", "Ош Нет (демо)", "blocked at TCP"],
            ]
            for (lang, expected) in words {
                let page = try await browser.get("/transparency?from=\(from)&to=\(to)&lang=\(lang)")
                #expect(page.status == .ok)
                for text in expected { #expect(page.body.contains(text), "\(lang): \(text)") }
                #expect(page.body.contains("Targets listed in the period: \(listed);") == (lang == "en"))
                let csv = try await browser.get("/transparency/totals.csv?from=\(from)&to=\(to)&lang=\(lang)")
                #expect(csv.status == .ok && csv.body.contains(",\(listed),"))
            }
        }
    }
}
