import Detection

/// Why an analyst took a finding out of the queue. Each reason says what the classifier may learn
/// from it: "reporting about" and "not propaganda" are labels of the text, a duplicate or
/// "other" says nothing about the text itself.
enum TriageDismissalReason: String, CaseIterable, Codable, Sendable {
    case notPropaganda = "not_propaganda"
    case reportingAbout = "reporting_about"
    case duplicate
    case outOfScope = "out_of_scope"
    case other

    /// The training label written for a dismissed item (`item_labels`), or none.
    var trainingLabel: TriageLabel? {
        switch self {
        case .notPropaganda, .outOfScope: .unrelated
        case .reportingAbout: .reporting
        case .duplicate, .other: nil
        }
    }

    /// "Other" must say what it is.
    var needsNote: Bool { self == .other }
}
