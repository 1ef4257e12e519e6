import Vapor

extension Request {
    /// The `:id` path parameter as a positive integer, or 404: a malformed id names nothing.
    func idParameter(_ name: String = "id") throws -> Int {
        guard let raw = parameters.get(name), raw.count <= 18, let id = Int(raw), id > 0 else {
            throw AppError.notFound
        }
        return id
    }

    /// A zero-based position in a list (`:n`), or 404.
    func indexParameter(_ name: String = "n") throws -> Int {
        guard let raw = parameters.get(name), raw.count <= 6, let n = Int(raw), n >= 0 else { throw AppError.notFound }
        return n
    }
}
