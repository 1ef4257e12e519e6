import Vapor

/// Hash banks: their settings, exports and feedback, the flood quarantine, overturned bans.
enum BankRoutes {
    static func register(_ app: Application) throws {
        app.get("banks", use: BankController.index)
        app.post("banks", ":id", "settings", use: BankController.settings)
        app.get("banks", ":id", "export.json", use: BankController.exportTCAP)
        app.get("banks", ":id", "feedback.csv", use: BankController.exportFeedbackCSV)
        app.get("banks", ":id", "feedback.json", use: BankController.exportFeedbackJSON)
        app.post("banks", "holds", ":id", "release", use: BankController.release)
        app.post("banks", "materials", ":id", "revoke", use: BankController.revoke)
        app.post("signals", ":id", "bank-feedback", use: BankController.feedback)
    }
}
