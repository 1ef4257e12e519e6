import Vapor

enum IndicatorForm {
    struct Model {
        var action: String
        var title: String
        var values: IndicatorInput.Raw
        var errors: [String: AppError]
        var organizations: [(id: Int, name: String)]
        var csrf: String
    }

    /// The form's fields top to bottom: the error list at the top follows this order.
    static let fields = ["organization_id", "value", "mode", "language", "weight"]

    static func values(from row: IndicatorRecord) -> IndicatorInput.Raw {
        IndicatorInput.Raw(organization_id: row.$organization.id.map(String.init), value: row.value, mode: row.mode,
                           language: row.language, weight: IndicatorIndex.weightText(row.weight))
    }
}
