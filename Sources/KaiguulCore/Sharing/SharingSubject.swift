/// What a sharing rule lets leave: everything Kaiguul holds on one banned organisation (its
/// threat actor, the court-ordered targets of its cases, its banned media), one case, or one
/// hash bank. Nothing leaves that no rule names.
public enum SharingSubject: String, CaseIterable, Codable, Sendable, Hashable {
    case organization
    case `case`
    case bank
}
