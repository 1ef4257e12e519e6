import Vapor

/// Sharing with partners: the partners and their accounts, the sharing rules, the appeal state of
/// court decisions (which leaves with every object resting on them), and the TAXII server.
enum SharingRoutes {
    static func register(_ app: Application) throws {
        app.get("sharing", use: SharingRuleController.index)
        app.post("sharing", "rules", use: SharingRuleController.create)
        app.post("sharing", "rules", ":id", "revoke", use: SharingRuleController.revoke)

        app.get("partners", use: SharingPartnerController.index)
        app.post("partners", use: SharingPartnerController.create)
        app.post("partners", ":id", "disable", use: SharingPartnerController.disable)
        app.post("partners", ":id", "enable", use: SharingPartnerController.enable)
        app.post("partners", ":id", "accounts", use: SharingPartnerController.attach)
        app.post("partners", ":id", "accounts", ":user", "detach", use: SharingPartnerController.detach)

        app.post("court-decisions", ":id", "appeal", use: SharingAppealController.record)

        try TAXIIRoutes.register(app)
    }
}
