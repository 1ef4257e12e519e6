/// The kinds of watched source. Platform kinds are accounts or channels on a shared platform
/// (`PlatformTable.platform(for:)` says which); `website` and `rss` are sites of their own.
public enum SourceKind: String, CaseIterable, Codable, Sendable, Hashable {
    case website, rss, telegram, youtube, facebook, instagram, tiktok, vk, ok, other

    /// An account on a shared platform: blocking it must never block the platform's domain.
    public var isPlatformAccount: Bool {
        PlatformTable.platform(for: self) != nil
    }

    /// The kinds that are accounts on a shared platform, in declaration order.
    public static let platformAccounts: [SourceKind] = allCases.filter(\.isPlatformAccount)
}
