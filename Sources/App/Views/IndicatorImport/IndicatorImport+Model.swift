import Vapor

enum IndicatorImport {
    struct Model {
        /// The CSV as pasted, shown again under the report so a fix does not mean pasting again.
        var csv: String
        var preview: IndicatorImportPreview?
        /// True when the import was asked for (not a dry run) and refused.
        var refused: Bool
        var fileError: AppError?
        var csrf: String
    }

    /// Bound on a pasted or uploaded file, well below the importer's own limit: a web request is not
    /// the place for a million rows (`kaiguul import indicators` is).
    static let maxBytes = 4 << 20
}
