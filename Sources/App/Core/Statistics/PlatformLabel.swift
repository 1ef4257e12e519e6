import KaiguulCore

/// A platform as people read it: `platform.<id>` translated, for ids the platform table knows only.
/// A stored code the table does not know (a bogus `t` left by old data) is never shown as a name.
enum PlatformLabel {
    static func name(_ code: String?, _ t: Translator) -> String? {
        guard let code, let platform = PlatformTable.named(code) else { return nil }
        return t("platform.\(platform.id)")
    }

    /// Options for a platform filter: the watched platforms and any other known one in `codes`,
    /// labelled and sorted by label; unknown codes are left out.
    static func options(including codes: [String] = [], _ t: Translator) -> [(value: String, label: String)] {
        let watched = SourceKind.allCases.compactMap { PlatformTable.platform(for: $0)?.id }
        let ids = Set(watched + codes.filter { PlatformTable.named($0) != nil })
        return ids.map { ($0, t("platform.\($0)")) }
            .sorted { $0.label.localizedStandardCompare($1.label) == .orderedAscending }
    }
}
