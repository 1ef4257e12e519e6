import Plot
import Vapor

extension CaseShow {
    /// Links to the case's evidence package and court packet, for those who may have them
    /// (`CasePackage.roles`; the case page itself is already scoped to the reader).
    static func packageLinks(caseID: Int, request: Request) -> Node<HTML.BodyContext> {
        guard let user = request.currentUser, CasePackage.roles.contains(user.role) else { return .empty }
        let t = request.t
        return .section(
            .id("package"),
            .h2(.txt(t("package.title"))),
            .ul(
                .class("package-links"),
                .li(.a(.href("/cases/\(caseID)/package.wacz"), .id("package-download"), .txt(t("package.download")))),
                .li(
                    .a(
                        .href("/cases/\(caseID)/court-packet?lang=ky"), .attr("hreflang", "ky"),
                        .txt(t("package.court_packet_ky")))),
                .li(
                    .a(
                        .href("/cases/\(caseID)/court-packet?lang=ru"), .attr("hreflang", "ru"),
                        .txt(t("package.court_packet_ru")))),
                .li(.a(.href("/cases/\(caseID)/court-packet.pdf?lang=ky"), .txt(t("package.court_packet_pdf_ky")))),
                .li(.a(.href("/cases/\(caseID)/court-packet.pdf?lang=ru"), .txt(t("package.court_packet_pdf_ru"))))
            ),
            .p(.class("muted"), .txt(t("package.explain")))
        )
    }
}
