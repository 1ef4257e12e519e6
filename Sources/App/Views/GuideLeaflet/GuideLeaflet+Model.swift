import Foundation

/// The guide as a one-sheet leaflet (A4) to print, or to print to PDF with headless Chromium.
enum GuideLeaflet {
    struct Model: Sendable {
        var entries: [PublicKnowledgeEntry]
        var language: Language
        /// The site's address, for the report links printed as text (a relative link means nothing on paper).
        var base: String
        /// Symbol images as `data:` addresses for the copy Chromium prints from a file; nil on the served
        /// page, which points at `/knowledge/symbols/…`.
        var inlineImages: [String: String]? = nil
    }

    static let stylesheetPath = "/static/guide-leaflet.css"
}
