import Foundation

/// Words that change with numbers and dates written out, per language. The forms themselves
/// live in the translation tables as `one|few|many` (Russian), `one|other` (English) or a single
/// form (Kyrgyz, where a noun after a numeral does not change).
enum ReportText {
    static func plural(_ n: Int, _ forms: String, language: Language) -> String {
        let f = forms.split(separator: "|").map(String.init)
        guard f.count > 1 else { return f.first ?? "" }
        switch language {
        case .ru:
            let (d, h) = (n % 10, n % 100)
            if d == 1 && h != 11 { return f[0] }
            if (2...4).contains(d) && !(12...14).contains(h) { return f[min(1, f.count - 1)] }
            return f[min(2, f.count - 1)]
        case .en:
            return n == 1 ? f[0] : f[1]
        case .ky:
            return f[0]
        }
    }

    /// "63 сайта", "20 accounts", "4 топ".
    static func count(_ n: Int, _ key: String, _ t: Translator) -> String {
        "\(n) " + plural(n, t(key), language: t.language)
    }

    /// A calendar day as the language writes it in prose.
    static func date(_ iso: String, _ t: Translator) -> String {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return iso }
        let month = t("report.month.\(parts[1])")
        switch t.language {
        case .ru: return "\(parts[2]) \(month) \(parts[0]) г."
        case .ky: return "\(parts[0])-жылдын \(parts[2])-\(month)"
        case .en: return "\(parts[2]) \(month) \(parts[0])"
        }
    }

    /// The press-release paragraph.
    static func narrative(_ r: PeriodReport, _ t: Translator) -> String {
        let c = r.total.cases
        let p = r.total.programme
        var text = t("report.narrative.identified", [
            "from": date(r.from, t), "to": date(r.to, t),
            "sites": count(c.identified.sites, "report.unit.site", t),
            "accounts": count(c.identified.accounts, "report.unit.account", t),
        ])
        text += " " + t("report.narrative.blocked", ["blocked": count(c.blocked.sites, "report.unit.site", t)])
        text += " " + t("report.narrative.distributed", [
            "videos": count(p.videosDistributed, "report.unit.video", t),
            "materials": count(p.otherMaterialsDistributed, "report.unit.material", t),
        ])
        if p.groups > 0 {
            text += " " + t("report.narrative.groups", [
                "groups": count(p.groups, "report.unit.group", t), "min": String(p.smallestGroup), "max": String(p.largestGroup),
            ])
        }
        if p.largeSeminars > 0 {
            text += " " + t("report.narrative.seminars", [
                "seminars": count(p.largeSeminars, "report.unit.seminar", t),
                "participants": count(p.seminarParticipants, "report.unit.leader", t),
                "regions": String(p.seminarRegions),
            ])
        }
        return text
    }
}
