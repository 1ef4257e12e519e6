import Vapor

/// Pages and API of the cases area.
enum CaseRoutes {
    static func register(_ app: Application) throws {
        app.get("cases", use: CaseController.index)
        app.post("cases", use: CaseController.create)
        app.get("cases", "new", use: CaseController.newForm)
        app.get("cases", "board", use: CaseController.board)
        app.get("cases", ":id", use: CaseController.show)
        app.post("cases", ":id", "transitions", use: CaseController.transition)
        app.post("cases", ":id", "comments", use: CaseController.comment)
        app.post("cases", ":id", "assign", use: CaseController.assign)
        app.post("cases", ":id", "evidence", use: CaseController.addEvidence)
        app.post("cases", ":id", "captures", use: CaseController.captureNow)
        app.get("captures", ":id", "archived", use: ArchivedViewController.show)
        app.get("captures", ":id", "archived", "content", use: ArchivedViewController.content)
        app.upload("cases", ":id", "documents", allowing: .create, .document, use: CaseController.upload)
        app.get("documents", ":id", use: CaseController.download)
        app.get("block-orders", use: CaseController.blockOrders)

        let api = app.grouped("api", "v1")
        api.get("cases", use: CaseAPIController.index)
        api.post("cases", use: CaseAPIController.create)
        api.get("cases", ":id", use: CaseAPIController.show)
        api.post("cases", ":id", "transitions", use: CaseAPIController.transition)
        api.get("cases", ":id", "evidence", use: CaseAPIController.evidence)
        api.post("cases", ":id", "evidence", use: CaseAPIController.addEvidence)
        api.post("cases", ":id", "captures", use: CaseAPIController.captureNow)
        api.upload("cases", ":id", "documents", allowing: .create, .document, use: CaseAPIController.uploadDocument)
        api.get("documents", ":id", use: CaseAPIController.downloadDocument)
        api.get("block-orders", use: CaseAPIController.blockOrders)
        api.get("blocklist", use: CaseAPIController.blocklist)
    }
}
