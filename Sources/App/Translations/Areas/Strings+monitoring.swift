extension Strings {
    /// Interface strings of the monitoring area, in all three languages.
    static let monitoring = Area(name: "monitoring", tables: [
        .ky: [:],
        .ru: [:],
        .en: [:],
    ])
}
