import KaiguulCore
import Plot
import Vapor

extension SourceForm {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let v = m.values
        let lang = request.language
        func err(_ field: String) -> String? { m.errors[field]?.text(t) }
        return .div(
            .h1(.txt(m.title)),
            .unwrap(m.duplicateOf) { id in
                .div(.class("alert"), .attr("role", "alert"), .id("duplicate"),
                     .txt(t("source.duplicate")), .text(" "),
                     .a(.attr("href", "/sources/\(id)"), .txt(t("source.duplicate_link", ["id": String(id)]))))
            },
            .form(
                .method(.post), .attr("action", m.action), .class("form"), .id("source-form"),
                Forms.errors(m.errors, t, order: fields),
                Forms.csrf(m.csrf),
                Forms.select("kind", label: t("source.kind"),
                             options: SourceKind.allCases.map { ($0.rawValue, t("source_kind." + $0.rawValue)) },
                             selected: v.kind ?? "website", error: err("kind"), required: true),
                Forms.select("capture_mode", label: t("source.capture_mode"),
                             options: CaptureMode.allCases.map { ($0.rawValue, t("capture_mode.\($0.rawValue)")) },
                             selected: v.capture_mode ?? CaptureMode.http.rawValue, error: err("capture_mode")),
                .p(.class("hint"), .id("capture-mode-hint"), .txt(t("source.capture_mode_hint"))),
                Forms.text("address", label: t("source.address"), value: v.address ?? "", error: err("address"),
                           required: true, max: 2000, hint: t("source.address_hint")),
                Forms.text("title", label: t("source.title"), value: v.title ?? "", error: err("title"), max: 300),
                Forms.select("region_id", label: t("source.region"),
                             options: m.regions.map { (String($0.id ?? 0), $0.name(lang)) },
                             selected: v.region_id ?? "", error: err("region_id"), includeBlank: true),
                Forms.select("organization_id", label: t("source.organization"),
                             options: m.organizations.map { (String($0.id ?? 0), $0.name(lang)) },
                             selected: v.organization_id ?? "", error: err("organization_id"), includeBlank: true),
                Forms.text("check_interval_minutes", label: t("source.interval_minutes"),
                           value: v.check_interval_minutes ?? "60", error: err("check_interval_minutes"), max: 6,
                           type: "number"),
                Forms.select("status", label: t("source.status"),
                             options: SourceStatus.allCases.map { ($0.rawValue, t("source_status." + $0.rawValue)) },
                             selected: v.status ?? "active", error: err("status")),
                Forms.textarea("notes", label: t("source.notes"), value: v.notes ?? "", error: err("notes"), max: 10_000),
                .button(.type(.submit), .class("primary"), .txt(t("action.save")))
            )
        )
    }
}
