import Fluent
import KaiguulCore
import Testing
import Vapor

@testable import App

/// Every page is built from what the viewer's role may see (`Permissions.decide`): a role that may not
/// view sources sees no source titles, addresses or counts; an expert's case counts are their own cases.
@Suite("Pages show each role only what it may see") struct RoleVisibilityTests {
    static let sourceTitle = "Grey Fog Leak Marker Channel"
    /// Shown where a source has no title.
    static let sourceAddress = "https://second-leak-marker-qz.example.kg/feed"
    static let openCases = 7

    struct Seed {
        var organizationID: Int
        var expertCaseID: Int
        var otherCaseID: Int
    }

    /// One user per role (`v-<role>`), a banned organisation with two sources, seven unassigned open cases
    /// and one case referred to the expert.
    static func seed(_ app: Application) async throws -> Seed {
        var ids: [Role: Int] = [:]
        for role in Role.allCases { ids[role] = try await app.makeUser("v-\(role.rawValue)", role: role) }
        let region = try #require(try await Region.query(on: app.db).sort(\.$id).first())
        let org = Organization()
        org.nameKy = "Боз Туман"; org.nameRu = "Серый Туман"; org.nameEn = "Grey Fog Union"
        org.aliases = ""
        org.designation = "extremist"; org.court = "Fictional District Court"; org.decisionNumber = "7-123"
        org.status = "banned"; org.notes = ""; org.searchText = "grey fog union"
        try await org.save(on: app.db)
        for (title, address) in [(sourceTitle, "https://leak-marker-qz.example.kg/"), ("", sourceAddress)] {
            let source = Source()
            source.kind = "website"; source.address = address; source.identity = "website:" + address
            source.title = title; source.$region.id = region.id; source.$organization.id = org.id
            source.checkIntervalMinutes = 60; source.status = "active"; source.foundBy = "analyst"
            source.notes = ""; source.searchText = title.lowercased()
            try await source.save(on: app.db)
        }
        var caseIDs: [Int] = []
        for index in 0...openCases {
            let record = CaseRecord()
            record.title = "Leak case \(index)"; record.target = "leak-case-\(index).example.kg"
            record.targetKind = "domain"; record.regionID = region.id; record.organizationID = org.id
            record.state = index == openCases ? "referred_to_expert" : "new"; record.version = 1
            record.expertID = index == openCases ? ids[.expert] : nil
            try await record.save(on: app.db)
            caseIDs.append(try record.requireID())
        }
        return Seed(organizationID: try org.requireID(), expertCaseID: caseIDs[openCases], otherCaseID: caseIDs[0])
    }

    /// The number a dashboard tile shows, or nil when the tile is not on the page.
    static func tile(_ key: String, in body: String) -> Int? {
        guard let r = body.range(of: "data-count=\"\(key)\">") else { return nil }
        return Int(body[r.upperBound...].prefix { $0.isNumber })
    }

    static func scope(_ role: Role, _ resource: Resource) -> Scope? {
        if case .allow(let scope) = Permissions.decide(role: role, action: .view, resource: resource) { return scope }
        return nil
    }

    /// A court decision (with its document) and the block order `leak-order-<case>.example.kg` it made.
    static func decideAndOrder(caseID: Int, number: String, app: Application) async throws {
        let document = DocumentRecord()
        document.sha256 = String(repeating: "ab", count: 32); document.size = 3; document.filename = "d.pdf"
        document.contentType = "application/pdf"; document.kind = "court_decision"; document.caseID = caseID
        document.uploadedAt = Date()
        try await document.save(on: app.db)
        let decision = CourtDecision()
        decision.caseID = caseID; decision.court = "Fictional Oblast Court"; decision.number = number
        decision.decidedOn = "2026-01-15"; decision.outcome = "ordered"; decision.targets = "x.example.kg"
        decision.documentID = try document.requireID(); decision.appealState = "appealable"
        decision.coversMirrors = false
        try await decision.save(on: app.db)
        let order = BlockOrder()
        order.caseID = caseID; order.courtDecisionID = try decision.requireID()
        order.target = "leak-order-\(caseID).example.kg"; order.targetKind = "domain"; order.status = "active"
        order.issuedAt = Date()
        try await order.save(on: app.db)
    }

    @Test func organizationPageShowsSourcesOnlyToRolesThatMayViewSources() async throws {
        try await withApp { app in
            // setup
            let seed = try await Self.seed(app)
            for role in Role.allCases {
                let browser = Browser(app)
                try await browser.login("v-\(role.rawValue)")
                // MUT
                let page = try await browser.get("/organizations/\(seed.organizationID)")
                // validate
                let seesSources = Self.scope(role, .source) != nil
                if Self.scope(role, .organization) == nil {
                    #expect(page.status == .forbidden, "\(role)")
                } else {
                    #expect(page.status == .ok, "\(role)")
                    #expect(page.body.contains("Grey Fog Union"), "\(role)")
                }
                #expect(page.body.contains(Self.sourceTitle) == seesSources, "\(role) source title")
                #expect(page.body.contains(Self.sourceAddress) == seesSources, "\(role) source address")
                #expect(page.body.contains("href=\"/sources/") == seesSources, "\(role) source link")
            }
        }
    }

    @Test func dashboardCountsOnlyWhatTheRoleMaySee() async throws {
        try await withApp { app in
            // setup
            _ = try await Self.seed(app)
            for role in Role.allCases {
                let browser = Browser(app)
                try await browser.login("v-\(role.rawValue)")
                // MUT
                let page = try await browser.get("/dashboard")
                // validate
                #expect(page.status == .ok, "\(role)")
                let hasDashboard = Self.scope(role, .dashboard) != nil
                let seesSources = hasDashboard && Self.scope(role, .source) != nil
                #expect(Self.tile("dash.sites", in: page.body) == (seesSources ? 2 : nil), "\(role) sites")
                #expect(Self.tile("dash.active_sources", in: page.body) == (seesSources ? 2 : nil), "\(role)")
                #expect(page.body.contains("id=\"by-region\"") == seesSources, "\(role) sources by region")
                let expectedCases: Int? = switch (hasDashboard, Self.scope(role, .case)) {
                case (true, .all): Self.openCases + 1
                case (true, .assigned): 1
                default: nil
                }
                #expect(Self.tile("dash.open_cases", in: page.body) == expectedCases, "\(role) open cases")
                let seesAllCases = hasDashboard && Self.scope(role, .case) == .all
                #expect(page.body.contains("id=\"case-figures\"") == seesAllCases, "\(role) case figures")
                let seesOrganizations = hasDashboard && Self.scope(role, .organization) != nil
                #expect(Self.tile("dash.organizations", in: page.body) == (seesOrganizations ? 1 : nil), "\(role)")
                let seesVolunteers = hasDashboard && Self.scope(role, .volunteer) != nil
                #expect((Self.tile("dash.volunteers", in: page.body) != nil) == seesVolunteers, "\(role) volunteers")
                let seesOrders = hasDashboard && Self.scope(role, .blockOrder) != nil
                #expect((Self.tile("dash.active_block_orders", in: page.body) != nil) == seesOrders, "\(role) orders")
            }
        }
    }

    @Test func regionListCountsSourcesOnlyForRolesThatMayViewSources() async throws {
        try await withApp { app in
            // setup
            _ = try await Self.seed(app)
            for role in Role.allCases {
                let browser = Browser(app)
                try await browser.login("v-\(role.rawValue)")
                // MUT
                let page = try await browser.get("/regions")
                // validate
                guard Self.scope(role, .region) != nil else {
                    #expect(page.status == .forbidden, "\(role)")
                    continue
                }
                #expect(page.status == .ok, "\(role)")
                #expect(page.body.contains("/sources?region=") == (Self.scope(role, .source) != nil), "\(role)")
            }
        }
    }

    /// A mirror case referred to the expert, resting on an original case the expert may not open, with a
    /// court decision and a block order of its own.
    @Test func casePageShowsDecisionsOrdersAndParentOnlyToRolesThatMayViewThem() async throws {
        try await withApp { app in
            // setup
            let seed = try await Self.seed(app)
            let parent = try #require(try await CaseRecord.find(seed.otherCaseID, on: app.db))
            parent.state = "blocked"
            try await parent.save(on: app.db)
            let mirror = try #require(try await CaseRecord.find(seed.expertCaseID, on: app.db))
            mirror.parentCaseID = seed.otherCaseID
            try await mirror.save(on: app.db)
            for (caseID, number) in [(seed.otherCaseID, "LEAK-DEC-4471"), (seed.expertCaseID, "LEAK-DEC-9902")] {
                try await Self.decideAndOrder(caseID: caseID, number: number, app: app)
            }
            for role in Role.allCases {
                let browser = Browser(app)
                try await browser.login("v-\(role.rawValue)")
                // MUT
                let page = try await browser.get("/cases/\(seed.expertCaseID)")
                // validate
                guard let caseScope = Self.scope(role, .case) else {
                    #expect(page.status == .forbidden, "\(role)")
                    continue
                }
                #expect(page.status == .ok, "\(role)")
                let seesDecisions = Self.scope(role, .courtDecision) != nil
                #expect(page.body.contains("LEAK-DEC-9902") == seesDecisions, "\(role) decision")
                #expect(page.body.contains("LEAK-DEC-4471") == seesDecisions, "\(role) original's decision")
                #expect(page.body.contains("leak-order-\(seed.expertCaseID).example.kg")
                    == (Self.scope(role, .blockOrder) != nil), "\(role) block order")
                #expect(page.body.contains("href=\"/cases/\(seed.otherCaseID)\"") == (caseScope == .all),
                        "\(role) link to the original case")
            }
        }
    }

    /// The API's case shows block orders only to roles that may view them, as the case page does.
    @Test func caseAPIShowsBlockOrdersOnlyToRolesThatMayViewThem() async throws {
        try await withApp { app in
            // setup
            let seed = try await Self.seed(app)
            try await Self.decideAndOrder(caseID: seed.expertCaseID, number: "7-1", app: app)
            var checked: [Role] = []
            for role in Role.allCases where Self.scope(role, .case) != nil {
                let user = try #require(try await User.query(on: app.db).filter(\.$username == "v-\(role.rawValue)")
                    .first())
                guard let token = try? await app.makeToken(for: try user.requireID()) else { continue }
                // MUT
                let response = try await app.sendRequest(.GET, "/api/v1/cases/\(seed.expertCaseID)",
                                                          headers: ["Authorization": "Bearer \(token)"])
                // validate
                guard response.status == .ok else { continue }
                checked.append(role)
                #expect(response.body.string.contains("leak-order-\(seed.expertCaseID).example.kg")
                    == (Self.scope(role, .blockOrder) != nil), "\(role) block order")
            }
            // The table covered the expert (who may not see orders) and a role that may.
            #expect(checked.contains(.expert))
            #expect(checked.contains { Self.scope($0, .blockOrder) != nil })
        }
    }

    /// Two versions of one item: the first held by the expert's case, the second by no case.
    @Test func itemPageShowsSourceAndVersionsOnlyToRolesThatMayOpenThem() async throws {
        try await withApp { app in
            // setup
            let seed = try await Self.seed(app)
            let source = try #require(try await Source.query(on: app.db).filter(\.$title == Self.sourceTitle).first())
            var itemIDs: [Int] = []
            for version in 1...2 {
                let item = Item()
                item.sourceID = try source.requireID(); item.itemKey = "url:https://leak-marker-qz.example.kg/post"
                item.text = "An invented page."; item.media = "[]"; item.version = version
                try await item.create(on: app.db)
                itemIDs.append(try item.requireID())
            }
            let held = CaseEvidence()
            held.caseID = seed.expertCaseID; held.kind = "item"; held.note = ""; held.itemID = itemIDs[0]
            held.addedAt = Date()
            try await held.save(on: app.db)
            for role in Role.allCases {
                let browser = Browser(app)
                try await browser.login("v-\(role.rawValue)")
                // MUT
                let page = try await browser.get("/items/\(itemIDs[0])")
                // validate
                guard let itemScope = Self.scope(role, .item) else {
                    #expect(page.status == .forbidden, "\(role)")
                    continue
                }
                #expect(page.status == .ok, "\(role)")
                let sourceID = try source.requireID()
                #expect(page.body.contains(Self.sourceTitle) == (Self.scope(role, .source) != nil), "\(role) source")
                #expect(page.body.contains("href=\"/sources/\(sourceID)/items\"") == (itemScope == .all),
                        "\(role) link to the source's timeline")
                #expect(page.body.contains("href=\"/items/\(itemIDs[1])\"") == (itemScope == .all),
                        "\(role) link to a version no case of theirs holds")
            }
        }
    }

    /// A tip matched to a source and a case: whoever reads the tip queue sees the match only as far as
    /// they may open sources and cases (a coordinator may open neither).
    @Test func tipQueueShowsMatchesOnlyToRolesThatMayOpenThem() async throws {
        try await withApp { app in
            // setup
            let seed = try await Self.seed(app)
            let source = try #require(try await Source.query(on: app.db).filter(\.$title == Self.sourceTitle).first())
            let tip = Tip()
            tip.urls = "[\"https://leak-marker-qz.example.kg/\"]"; tip.comment = "An invented report."
            tip.status = "action_taken"; tip.sourceID = try source.requireID(); tip.caseID = seed.otherCaseID
            try await tip.save(on: app.db)
            for role in Role.allCases {
                let browser = Browser(app)
                try await browser.login("v-\(role.rawValue)")
                // MUT
                let page = try await browser.get("/tips")
                // validate
                guard let tipScope = Self.scope(role, .tip) else {
                    #expect(page.status == .forbidden, "\(role)")
                    continue
                }
                #expect(page.status == .ok, "\(role)")
                let listed = tipScope == .all
                #expect(page.body.contains("href=\"/sources/\(try source.requireID())\"")
                    == (listed && Self.scope(role, .source) != nil), "\(role) matched source")
                #expect(page.body.contains("href=\"/cases/\(seed.otherCaseID)\"")
                    == (listed && Self.scope(role, .case) == .all), "\(role) matched case")
            }
        }
    }

    /// A legal officer may view sources but items only through cases: no item counts, no timeline links.
    @Test func sourcePagesCountItemsOnlyForRolesThatMayViewEveryItem() async throws {
        try await withApp { app in
            // setup
            _ = try await Self.seed(app)
            let source = try #require(try await Source.query(on: app.db).filter(\.$title == Self.sourceTitle).first())
            let sourceID = try source.requireID()
            for role in Role.allCases {
                let browser = Browser(app)
                try await browser.login("v-\(role.rawValue)")
                // MUT
                let list = try await browser.get("/sources")
                let show = try await browser.get("/sources/\(sourceID)")
                // validate
                guard Self.scope(role, .source) != nil else {
                    #expect(list.status == .forbidden && show.status == .forbidden, "\(role)")
                    continue
                }
                #expect(list.status == .ok && show.status == .ok, "\(role)")
                let timeline = "href=\"/sources/\(sourceID)/items\""
                #expect(list.body.contains(timeline) == (Self.scope(role, .item) == .all), "\(role) list")
                #expect(show.body.contains(timeline) == (Self.scope(role, .item) == .all), "\(role) page")
            }
        }
    }
}
