import Vapor

/// Pages and API of the programme area: tips, volunteers, groups, trainings, counter-materials,
/// distributions and tracked links.
enum ProgrammeRoutes {
    static func register(_ app: Application) throws {
        app.storage[TipRateLimiterKey.self] = RateLimiter(limit: 5, window: 600)

        app.storage[TipLookupLimiterKey.self] = RateLimiter(limit: 30, window: 600)
        app.get("tip", use: TipController.form)
        app.get("tip", "status", use: TipController.status)
        app.post("tip", use: TipController.submit)
        app.get("tips", use: TipController.index)
        app.post("tips", ":id", "status", use: TipController.setStatus)
        app.post("tips", ":id", "contact", use: TipContactController.show)

        app.storage[InvitationLimiterKey.self] = RateLimiter(limit: 10, window: 600)
        app.get("volunteers", use: VolunteerController.index)
        app.get("volunteers", "new", use: VolunteerController.new)
        app.post("volunteers", use: VolunteerController.create)
        app.get("volunteers", ":id", use: VolunteerController.show)
        app.get("volunteers", ":id", "edit", use: VolunteerController.edit)
        app.post("volunteers", ":id", use: VolunteerController.update)
        app.post("volunteers", ":id", "login", use: VolunteerController.linkLogin)
        app.post("volunteers", ":id", "login", "remove", use: VolunteerController.unlinkLogin)
        app.post("volunteers", ":id", "invitation", use: VolunteerController.invite)
        app.post("volunteers", ":id", "contact", use: VolunteerController.showContact)
        app.get("volunteer", "link", use: VolunteerController.linkForm)
        app.post("volunteer", "link", use: VolunteerController.acceptInvitation)
        app.get("groups", use: GroupController.index)
        app.get("groups", "new", use: GroupController.new)
        app.post("groups", use: GroupController.create)
        app.get("groups", ":id", use: GroupController.show)
        app.get("groups", ":id", "edit", use: GroupController.edit)
        app.post("groups", ":id", use: GroupController.update)
        app.post("groups", ":id", "members", use: GroupController.addMembers)
        app.post("groups", ":id", "members", "remove", use: GroupController.removeMembers)
        app.get("trainings", use: TrainingController.index)
        app.post("trainings", use: TrainingController.create)
        app.post("trainings", ":id", "attendance", use: TrainingController.addAttendance)

        app.get("materials", use: MaterialController.index)
        app.get("materials", "new", use: MaterialController.new)
        app.get("materials", "upload", use: MaterialController.newUpload)
        app.post("materials", use: MaterialController.create)
        app.upload("materials", "files", allowing: .create, .counterMaterial, use: MaterialController.upload)
        app.post("materials", ":id", "status", use: MaterialController.setStatus)
        app.get("distributions", use: DistributionController.index)
        app.get("distributions", "new", use: DistributionController.new)
        app.get("distributions", ":id", use: DistributionController.show)
        app.post("distributions", use: DistributionController.create)
        app.post("distributions", ":id", "confirm", use: DistributionController.confirm)
        app.get("l", ":code", use: DistributionController.follow)

        app.get("reports", use: ReportController.show)
        app.get("reports", ":file", use: ReportController.download)
    }
}
