import Plot
import Vapor

extension CandidateIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let tabs: Node<HTML.BodyContext> = .p(.forEach(CandidateStatus.allCases) { status in
            .group(
                status.rawValue == m.status
                    ? .strong(.txt(t("candidate_status." + status.rawValue)))
                    : .a(.attr("href", "/candidates?status=\(status.rawValue)"), .txt(t("candidate_status." + status.rawValue))),
                .text(" ")
            )
        })
        let rows: Node<HTML.TableContext> = .tbody(.forEach(m.candidates) { c in
            .tr(
                .td(.txt(c.address), .small(.class("muted block"), .txt(c.identity))),
                .td(.txt(t("source_kind." + c.kind))),
                .td(.code(.txt(c.foundAt))),
                .td(.unwrap(c.discoveredFromID, { .a(.attr("href", "/sources/\($0)"), .txt("#\($0)")) }, else: .text("—"))),
                .td(.txt(String(c.seenCount))),
                .td(.txt(Formats.dateTime(c.lastSeenAt))),
                .td(.if(m.canDecide && c.status == CandidateStatus.pending.rawValue,
                        .group(
                            .form(.method(.post), .attr("action", "/candidates/\(c.id ?? 0)/accept"), .class("inline"),
                                  Forms.csrf(m.csrf), .button(.type(.submit), .class("primary"), .txt(t("candidate.accept")))),
                            .form(.method(.post), .attr("action", "/candidates/\(c.id ?? 0)/reject"), .class("inline"),
                                  Forms.csrf(m.csrf), .button(.type(.submit), .txt(t("candidate.reject"))))
                        ),
                        else: .unwrap(c.sourceID, { .a(.attr("href", "/sources/\($0)"), .txt(t("candidate.open_source"))) })))
            )
        })
        return .div(
            .div(.class("title-row"), .h1(.txt(t("candidate.list.title"))),
                 .a(.class("button"), .href("/sources"), .txt(t("source.list.title")))),
            .p(.class("hint"), .txt(t("candidate.explain"))),
            tabs,
            m.candidates.isEmpty
                ? .p(.class("empty"), .txt(t("list.empty")))
                : .table(.class("list"), .id("candidates-table"),
                         .thead(.tr(.th(.txt(t("source.address"))), .th(.txt(t("source.kind"))),
                                    .th(.txt(t("candidate.found_at"))), .th(.txt(t("candidate.found_in"))),
                                    .th(.txt(t("candidate.seen"))), .th(.txt(t("candidate.last_seen"))), .th())),
                         rows),
            Pager.links(request: request, paging: m.paging, total: m.total)
        )
    }
}
