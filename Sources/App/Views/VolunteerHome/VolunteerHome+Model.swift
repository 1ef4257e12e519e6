import Fluent
import Vapor

extension VolunteerHome {
    struct Model {
        /// Whether the login is linked to a volunteer record (without one, no group and nothing to share).
        var linked: Bool
        var toShare: [DistributionLists.Row]
        var toShareTotal: Int
        var tips: [Tip]
        var tipsTotal: Int
        var base: String
        var csrf: String
    }

    /// How many entries of each list the home page shows; the rest is one link away.
    static let head = 10

    static func load(_ req: Request, user: CurrentUser) async throws -> Model {
        let linked = try await Volunteer.query(on: req.db).filter(\.$userID == user.id).count() > 0
        let (rows, total) = try await DistributionLists.toShare(userID: user.id, limit: head, on: req.db)
        let tips = Tip.query(on: req.db).filter(\.$submittedBy == user.id)
        let tipsTotal = try await tips.copy().count()
        let recent = try await tips.sort(\.$id, .descending).limit(head).all()
        return Model(linked: linked, toShare: rows, toShareTotal: total, tips: recent, tipsTotal: tipsTotal,
                     base: TrackedLink.base(req), csrf: CSRFMiddleware.token(for: req))
    }
}
