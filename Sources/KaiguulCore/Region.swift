/// The seven oblasts and the two cities of republican significance. Codes are stable
/// identifiers used in URLs, exports and the database seed; names live in the translation tables.
public enum RegionCode: String, CaseIterable, Codable, Sendable, Hashable {
    case batken
    case chuy
    case jalalAbad = "jalal-abad"
    case naryn
    case osh
    case talas
    case issykKul = "issyk-kul"
    case bishkekCity = "bishkek-city"
    case oshCity = "osh-city"

    public var isCity: Bool { self == .bishkekCity || self == .oshCity }
}
