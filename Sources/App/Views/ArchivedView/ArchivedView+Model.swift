import Foundation

/// The page around an archived copy: what was captured, when, its digests, and the frame.
enum ArchivedView {
    struct Model {
        var capture: Capture
        /// The path serving the rewritten page (inside the sandboxed frame).
        var contentPath: String
        /// The trusted timestamp of the capture's WARC file, or why there is none.
        var timestamp: EvidenceTimestamp
    }
}
