extension Strings {
    /// Interface strings of the cases area, in all three languages.
    static let cases = Area(name: "cases", tables: [
        .ky: [:],
        .ru: [:],
        .en: [:],
    ])
}
