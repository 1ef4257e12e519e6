import Vapor

func routes(_ app: Application) throws {
    app.get("static", "app.css", use: StaticController.css)
    app.get("static", "app.js", use: StaticController.script)
    try HealthController.register(app)
    app.get(".well-known", "kaiguul-keys.json", use: WellKnownController.keys)

    app.get("login", use: AuthController.showLogin)
    app.post("login", use: AuthController.login)
    app.post("logout", use: AuthController.logout)
    app.post("language", use: AuthController.switchLanguage)

    // Each role starts at its work; the programme's figures have their own page.
    app.get(use: HomeController.show)
    app.get("dashboard", use: DashboardController.show)
    app.get("blocklist", use: BlocklistController.show)
    app.get("blocklist", "download", ":format", use: BlocklistController.download)
    TransparencyController.register(app)

    app.get("organizations", use: OrganizationController.index)
    app.get("organizations", "new", use: OrganizationController.new)
    app.post("organizations", use: OrganizationController.create)
    app.get("organizations", ":id", use: OrganizationController.show)
    app.get("organizations", ":id", "edit", use: OrganizationController.edit)
    app.post("organizations", ":id", use: OrganizationController.update)

    app.get("regions", use: RegionController.index)
    app.get("items", use: ItemListController.index)

    app.get("sources", use: SourceController.index)
    app.get("sources", "new", use: SourceController.new)
    app.post("sources", use: SourceController.create)
    app.get("sources", ":id", use: SourceController.show)
    app.get("sources", ":id", "edit", use: SourceController.edit)
    app.post("sources", ":id", use: SourceController.update)

    app.get("users", use: UserController.index)
    app.get("users", "new", use: UserController.new)
    app.post("users", use: UserController.create)
    app.post("users", ":id", "disable", use: UserController.disable)
    app.post("users", ":id", "enable", use: UserController.enable)
    app.post("users", ":id", "reset-password", use: UserController.resetPassword)
    app.post("users", ":id", "approve", use: UserController.approve)
    app.post("users", ":id", "refuse", use: UserController.refuse)

    app.get("account", use: AccountController.show)
    app.post("account", "password", use: AccountController.changePassword)
    app.post("account", "tokens", use: AccountController.createToken)
    app.post("account", "tokens", ":id", "revoke", use: AccountController.revokeToken)

    app.get("audit", use: AuditController.index)
    app.post("audit", "verify", use: AuditController.verify)

    // Each area registers its own pages and API in one file under Controllers/.
    try CaseRoutes.register(app)
    try MonitoringRoutes.register(app)
    try ProgrammeRoutes.register(app)
    try PackageRoutes.register(app)
    try TriageRoutes.register(app)
    try IndicatorRoutes.register(app)
    try ExchangeRoutes.register(app)
    try SharingRoutes.register(app)
    try BankRoutes.register(app)
    try ProbeRoutes.register(app)
    KnowledgeSymbolController.register(app)
    GuideController.register(app)
    CurriculumController.register(app)
    KnowledgeController.register(app)
    try RetentionRoutes.register(app)

    let api = app.grouped("api", "v1")
    api.get("openapi.yaml", use: OpenAPIController.document)
    api.get("organizations", use: OrganizationAPIController.index)
    api.post("organizations", use: OrganizationAPIController.create)
    api.get("organizations", ":id", use: OrganizationAPIController.show)
    api.patch("organizations", ":id", use: OrganizationAPIController.update)
    api.get("regions", use: RegionAPIController.index)
    api.get("sources", use: SourceAPIController.index)
    api.post("sources", use: SourceAPIController.create)
    api.get("sources", ":id", use: SourceAPIController.show)
    api.patch("sources", ":id", use: SourceAPIController.update)
    api.get("me", use: MeAPIController.show)
}
