import Foundation

/// Requests for the volunteer list with contacts: the form to ask, and each request with what the
/// reader may do with it (an admin decides others'; the requester downloads once approved).
enum VolunteerExportIndex {
    struct Model {
        var rows: [VolunteerExport]
        var usernames: [Int: String]
        var viewerID: Int
        var canApprove: Bool
        var values: [String: String]
        var errors: [String: AppError]
        var csrf: String
        var now = Date()

        func canDownload(_ e: VolunteerExport) -> Bool {
            e.requestedBy == viewerID && e.state == VolunteerExport.State.approved.rawValue
                && e.decidedAt.map { now.timeIntervalSince($0) <= VolunteerExport.downloadWindow } == true
        }

        func canDecide(_ e: VolunteerExport) -> Bool {
            canApprove && e.requestedBy != viewerID && e.state == VolunteerExport.State.pending.rawValue
        }
    }
}
