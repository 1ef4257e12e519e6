import Foundation

extension TextClassifier {
    /// Reads `{"text": "...", "label": "..."}` lines (JSON Lines) for `kaiguul classifier train --data`.
    /// Bad lines are reported, not fatal; texts longer than `maxTextBytes` are cut.
    public static func parseJSONL(_ data: Data, maxSamples: Int = 1_000_000, maxTextBytes: Int = 65_536)
        -> (samples: [(text: String, label: String)], errors: [ImportIssue])
    {
        var samples: [(text: String, label: String)] = []
        var errors: [ImportIssue] = []
        let text = String(decoding: data, as: UTF8.self)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            guard samples.count < maxSamples else {
                errors.append(ImportIssue(row: index + 1, field: nil, message: "more than \(maxSamples) samples"))
                break
            }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                errors.append(ImportIssue(row: index + 1, field: nil, message: "not a JSON object"))
                continue
            }
            guard let body = object["text"] as? String, !body.isEmpty else {
                errors.append(ImportIssue(row: index + 1, field: "text", message: "missing"))
                continue
            }
            guard let label = object["label"] as? String, !label.isEmpty, label.count <= 100 else {
                errors.append(ImportIssue(row: index + 1, field: "label", message: "missing or too long"))
                continue
            }
            let cut = body.utf8.count > maxTextBytes
                ? String(decoding: body.utf8.prefix(maxTextBytes), as: UTF8.self) : body
            samples.append((cut, label))
        }
        return (samples, errors)
    }
}
