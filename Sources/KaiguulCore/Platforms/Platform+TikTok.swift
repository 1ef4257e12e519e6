extension Platform {
    /// `tiktok.com/@name` only (a path without `@` is not an account); posts as `@name/video/ID` and
    /// `@name/photo/ID`; `vm.` and `vt.` are short links.
    static let tiktok = Platform(
        id: "tiktok", sourceKind: .tiktok,
        domains: ["tiktok.com"], infrastructure: ["tiktokcdn.com", "tiktokv.com", "ttwstatic.com"],
        canonicalHost: "www.tiktok.com",
        rules: Rules(
            shortLinkHosts: ["vm.tiktok.com", "vt.tiktok.com"], accountTabs: ["live"],
            accountPosts: [PostForm("video/#", as: "video"), PostForm("photo/#", as: "video")],
            platformPosts: [PostForm("embed/v2/#", as: "video"), PostForm("embed/#", as: "video")],
            handleStyle: .atOnly
        )
    )
}
