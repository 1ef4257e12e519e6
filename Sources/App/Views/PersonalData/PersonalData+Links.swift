import Plot
import Vapor

/// The ways in to people's data from pages other helpers' areas own: each is one call there.
enum PersonalDataLinks {
    /// On a volunteer's page, for staff who may open a person's data.
    static func volunteerPage(id: Int, request: Request) -> Node<HTML.BodyContext> {
        guard request.can(.view, .personalData), request.currentUser?.role != .volunteer else { return .empty }
        return .p(.id("personal-data-link"), .a(.href("/volunteers/\(id)/data"), .txt(request.t("personal_data.open"))))
    }

    /// On the volunteer's own home page.
    static func volunteerHome(request: Request) -> Node<HTML.BodyContext> {
        guard request.can(.view, .personalData) else { return .empty }
        return .p(.class("more"), .id("my-data-link"), .a(.href("/me/data"), .txt(request.t("personal_data.mine"))))
    }

    /// Beside the volunteer list: the export with contacts and the erasure worklist.
    static func volunteerList(request: Request) -> Node<HTML.BodyContext> {
        let export = request.can(.export, .personalData)
        let decide = request.can(.delete, .personalData)
        guard export || decide else { return .empty }
        return .p(.class("more"), .id("personal-data-tools"),
                  .if(export, .a(.id("volunteer-export-link"), .href("/volunteer-exports"), .txt(request.t("volunteer_export.title")))),
                  .if(export && decide, .text(" · ")),
                  .if(decide, .a(.href("/erasure-requests"), .txt(request.t("erasure_request.list.title")))))
    }
}
