import Foundation
import KaiguulCore

/// The actions a page or API client may offer: the workflow's answer for this user and this case.
enum CaseActions {
    static func available(for record: CaseRecord, user: CurrentUser) -> [CaseAction.Kind] {
        guard let state = CaseState(rawValue: record.state) else { return [] }
        let facts = CaseFacts(referredExpertID: record.expertID.map(String.init))
        return CaseWorkflow.availableActions(state: state, actor: .person(userID: String(user.id), role: user.role),
                                             facts: facts)
    }
}
