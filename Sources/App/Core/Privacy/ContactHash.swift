import Crypto
import Foundation

/// The search column of a contact: an HMAC of its normalised form under the keyring's search key.
/// Equal contacts typed differently ("+996 (555) 12-34-56", "+996555123456") hash the same; the
/// column tells nothing to someone without the key, not even which rows share a prefix.
enum ContactHash {
    /// Phone-like text keeps its digits and a leading `+`; anything else (a messenger handle, an
    /// e-mail address) is lower-cased without spaces and a leading `@`.
    static func normalized(_ contact: String) -> String {
        let trimmed = contact.trimmingCharacters(in: .whitespacesAndNewlines)
        let phoneCharacters = Set("0123456789+-() .")
        if !trimmed.isEmpty, trimmed.allSatisfy({ phoneCharacters.contains($0) }),
           trimmed.contains(where: \.isNumber) {
            let digits = trimmed.filter(\.isNumber)
            return (trimmed.hasPrefix("+") ? "+" : "") + digits
        }
        var handle = trimmed.lowercased().filter { !$0.isWhitespace }
        if handle.hasPrefix("@") { handle.removeFirst() }
        return handle
    }

    /// Nil for an empty contact: nothing to find it by.
    static func hash(_ contact: String, _ keyring: PersonalDataKeyring) -> String? {
        let normal = normalized(contact)
        guard !normal.isEmpty else { return nil }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(normal.utf8), using: keyring.searchKey)
        return Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    /// What a list shows of a contact: its last digits or letters, the rest as dots.
    static func masked(_ contact: String, visible: Int = 3) -> String {
        let chars = Array(contact.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !chars.isEmpty else { return "" }
        let significant = chars.indices.filter { chars[$0].isLetter || chars[$0].isNumber }
        let keep = Set(significant.suffix(min(visible, max(significant.count - 2, 0))))
        return "•••" + String(chars.indices.filter { keep.contains($0) }.map { chars[$0] })
    }
}
