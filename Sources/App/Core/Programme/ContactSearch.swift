import Fluent
import Foundation

/// Finding a volunteer by contact: the search box's text, when it looks like a phone number or a
/// handle, is hashed like the stored contacts (`ContactHash`) and compared for equality in SQL. The
/// column cannot be searched by part, so only the whole contact finds anyone, however it is typed.
enum ContactSearch {
    /// Phone-like text with enough digits to be a number, or a handle or address with an `@`.
    static func looksLikeContact(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.contains("@") { return trimmed.count > 1 }
        let normal = ContactHash.normalized(trimmed)
        return normal.filter(\.isNumber).count >= 6 && normal.allSatisfy { $0.isNumber || $0 == "+" }
    }

    /// Ids of volunteers whose contact equals `text` (empty when it does not look like a contact).
    static func volunteerIDs(matching text: String, _ keyring: PersonalDataKeyring, on db: any Database)
        async throws -> Set<Int>
    {
        guard looksLikeContact(text), let hash = ContactHash.hash(text, keyring) else { return [] }
        let rows = try await Volunteer.query(on: db).filter(\.$contactHash == hash).field(\.$id)
            .limit(VolunteerLists.scanLimit).all()
        return Set(rows.compactMap(\.id))
    }
}
