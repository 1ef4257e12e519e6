import Foundation

/// A module's teaching material: a link, or a file kept by SHA-256 in the blob store.
struct CurriculumMaterial: Codable, Sendable, Equatable {
    var title: String
    var url: String?
    var sha256: String?
    var mediaType: String?

    static let maxCount = 50

    static func list(_ json: String) -> [CurriculumMaterial] {
        (try? JSONDecoder().decode([CurriculumMaterial].self, from: Data(json.utf8))) ?? []
    }

    static func json(_ list: [CurriculumMaterial]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(list)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// One link a line, "title | https://…" (or the address alone, which is then its own title).
    /// Only http and https: a `javascript:` link typed here would run in every coordinator's browser.
    static func links(_ text: String, field: String, into errors: inout [String: AppError]) -> [CurriculumMaterial] {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard lines.count <= maxCount else {
            errors[field] = .invalid(field, "error.too_long", ["max": String(maxCount)])
            return []
        }
        var result: [CurriculumMaterial] = []
        for line in lines {
            let parts = line.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let address = parts.count == 2 ? parts[1] : parts[0]
            let title = parts.count == 2 && !parts[0].isEmpty ? parts[0] : address
            guard title.count <= 300, address.count <= 2000, let url = URL(string: address),
                  let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  let host = url.host, !host.isEmpty
            else {
                errors[field] = .invalid(field, "curriculum.bad_link")
                return []
            }
            result.append(CurriculumMaterial(title: title, url: address))
        }
        return result
    }
}
