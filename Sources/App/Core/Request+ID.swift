import Vapor

extension Request {
    /// The `:id` path parameter as a positive integer, or 404: a malformed id names nothing.
    func idParameter(_ name: String = "id") throws -> Int {
        guard let raw = parameters.get(name), raw.count <= 18, let id = Int(raw), id > 0 else {
            throw AppError.notFound
        }
        return id
    }
}
