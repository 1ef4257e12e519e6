import Vapor

/// The page that adds one counter-material: by its link, or as an uploaded file.
enum MaterialForm {
    enum Kind { case link, file }

    struct Model {
        var kind: Kind
        var values: [String: String]
        var errors: [String: AppError]
        var csrf: String
    }

    static let linkFields = ["title", "kind", "languages", "topics", "url"]
    static let fileFields = ["title", "languages", "topics", "file"]
}
