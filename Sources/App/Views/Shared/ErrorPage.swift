import Plot
import Vapor

struct ErrorPage {
    var status: HTTPResponseStatus
    var message: String

    var node: Node<HTML.BodyContext> {
        .div(.class("error-page"),
             .h1(.text(String(status.code))),
             .p(.class("error"), .attr("role", "alert"), .txt(message)),
             .p(.a(.href("/"), .text("←"))))
    }
}
