import Fluent
import Vapor

enum VolunteerIndex {
    struct Model {
        var volunteers: [Volunteer]
        var total: Int
        var paging: Paging
        var regions: [Region]
        var showContact: Bool
        var canCreate: Bool
        var values: [String: String]
        var errors: [String: AppError]
        var csrf: String
    }

    static func query(on db: any Database, paging: Paging) async throws -> (rows: [Volunteer], total: Int) {
        let total = try await Volunteer.query(on: db).count()
        let rows = try await Volunteer.query(on: db).with(\.$region).sort(\.$id, .descending)
            .range(paging.offset..<(paging.offset + paging.perPage)).all()
        return (rows, total)
    }
}
