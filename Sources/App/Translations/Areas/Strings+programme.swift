extension Strings {
    /// Interface strings of the programme area, in all three languages.
    static let programme = Area(name: "programme", tables: [
        .ky: [:],
        .ru: [:],
        .en: [:],
    ])
}
