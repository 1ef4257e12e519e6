import Exchange
import Fluent
import Foundation
import KaiguulCore

/// Everything Kaiguul would publish now, read from the records: the objects every collection carries,
/// each banned organisation, each block order (with its case's report and capture observations) and
/// each bank's hashes. Only what a court ordered leaves: a case without a block order has no objects.
enum ExchangeCatalog {
    static func publications(producer: STIXProducer, on db: any Database) async throws -> [ExchangePublication] {
        var out: [ExchangePublication] = producer.sharedObjects().map { object in
            ExchangePublication(object: object, subjectKey: "shared:\(object["type"]?.stringValue ?? "")")
        }
        for org in try await Organization.query(on: db).sort(\.$id).all() {
            guard let id = org.id else { continue }
            out.append(ExchangePublication(object: producer.threatActor(stixOrganization(org, id: id)),
                                           subjectKey: "organization:\(id)", organizationID: id))
        }
        out += try await caseObjects(producer: producer, on: db)
        out += try await bankObjects(producer: producer, on: db)
        return out
    }

    static func stixOrganization(_ org: Organization, id: Int) -> STIXOrganization {
        STIXOrganization(id: id, nameEn: org.nameEn, nameRu: org.nameRu, nameKy: org.nameKy, aliases: org.aliasList,
                         designation: org.designation,
                         decision: STIXLegalBasis(court: org.court, number: org.decisionNumber, date: org.decisionDate),
                         lifted: org.status == OrganizationStatus.lifted.rawValue,
                         createdAt: org.createdAt ?? Date(timeIntervalSince1970: 0), updatedAt: nil)
    }

    // MARK: cases and their block orders

    private static func caseObjects(producer: STIXProducer, on db: any Database) async throws -> [ExchangePublication] {
        let orders = try await BlockOrder.query(on: db).sort(\.$id).all()
        guard !orders.isEmpty else { return [] }
        let decisions = try await CourtDecision.query(on: db).all()
        let decisionByID = Dictionary(decisions.compactMap { d in d.id.map { ($0, d) } }) { a, _ in a }
        let reversed = Set(decisions.filter { $0.outcome == "reversed" }.compactMap(\.reversesID))
        let caseIDs = Array(Set(orders.map(\.caseID))).sorted()
        let cases = try await CaseRecord.query(on: db).filter(\.$id ~~ caseIDs).all()
        let caseByID = Dictionary(cases.compactMap { c in c.id.map { ($0, c) } }) { a, _ in a }
        let evidence = try await CaseEvidence.query(on: db).filter(\.$caseID ~~ caseIDs)
            .filter(\.$kind == CaseEvidenceKind.capture.rawValue).sort(\.$id).all()
        let captureIDs = Array(Set(evidence.compactMap(\.captureID)))
        let captures = captureIDs.isEmpty ? [] : try await Capture.query(on: db).filter(\.$id ~~ captureIDs).all()
        let captureByID = Dictionary(captures.compactMap { c in c.id.map { ($0, c) } }) { a, _ in a }

        func basis(_ id: Int?) -> STIXLegalBasis? {
            guard let id, let d = decisionByID[id] else { return nil }
            let state = reversed.contains(id) ? .overturned : (AppealState(rawValue: d.appealState) ?? .appealable)
            return STIXLegalBasis(court: d.court, number: d.number, date: d.decidedOn, appealState: state)
        }

        var out: [ExchangePublication] = []
        for caseID in caseIDs {
            guard let record = caseByID[caseID] else { continue }
            let orgID = record.organizationID
            var refs: [String] = []
            var firstIssued: Date?
            for order in orders where order.caseID == caseID {
                guard let id = order.id, let decision = basis(order.courtDecisionID) else { continue }
                let value = STIXBlockOrder(id: id, target: order.target, issuedAt: order.issuedAt,
                                           liftedAt: order.status == BlockOrderStatus.lifted.rawValue
                                               ? (order.liftedAt ?? order.issuedAt) : nil,
                                           decision: decision, reversal: basis(order.liftedByDecisionID),
                                           organizationID: orgID)
                for object in producer.blockOrderObjects(value) {
                    out.append(ExchangePublication(object: object, subjectKey: value.subject, organizationID: orgID,
                                                   caseID: caseID))
                    refs.append(object["id"]?.stringValue ?? "")
                }
                firstIssued = min(firstIssued ?? order.issuedAt, order.issuedAt)
            }
            guard let published = firstIssued else { continue }
            var seenCaptures = Set<Int>()
            for row in evidence where row.caseID == caseID {
                guard let captureID = row.captureID, seenCaptures.insert(captureID).inserted,
                      let capture = captureByID[captureID], capture.error == nil else { continue }
                let value = STIXCapture(id: captureID, url: capture.url, fetchedAt: capture.fetchedAt)
                for object in producer.captureObjects(value) {
                    out.append(ExchangePublication(object: object, subjectKey: value.subject, organizationID: orgID,
                                                   caseID: caseID))
                    refs.append(object["id"]?.stringValue ?? "")
                }
            }
            let report = STIXCase(id: caseID, title: record.title, createdAt: record.createdAt ?? published,
                                  published: published, objectRefs: refs.filter { !$0.isEmpty })
            if let object = producer.report(report) {
                out.append(ExchangePublication(object: object, subjectKey: report.subject, organizationID: orgID,
                                               caseID: caseID))
            }
        }
        return out
    }

    // MARK: banks

    private static func bankObjects(producer: STIXProducer, on db: any Database) async throws -> [ExchangePublication] {
        var out: [ExchangePublication] = []
        for bank in try await HashBank.query(on: db).sort(\.$id).all() {
            guard let bankID = bank.id else { continue }
            let hashes = try await SharedHashes.forBank(bankID, on: db)
            for file in BannedFiles.group(hashes) {
                for object in producer.bannedFileObjects(file) {
                    out.append(ExchangePublication(object: object, subjectKey: file.subject,
                                                   organizationID: file.organizationID, bankID: bankID))
                }
            }
        }
        return out
    }
}
