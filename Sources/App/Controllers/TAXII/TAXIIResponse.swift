import Foundation
import KaiguulCore
import Vapor

/// TAXII 2.1 answers: every body is `application/taxii+json;version=2.1`, errors included (§3.6.1
/// error message), so a client never has to parse an HTML page.
enum TAXIIResponse {
    static func json(_ object: [String: Any], status: HTTPResponseStatus = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return raw(data, status: status)
    }

    static func raw(_ data: Data, status: HTTPResponseStatus = .ok) -> Response {
        let response = Response(status: status, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: TAXIIMediaType.taxii)
        // A collection changes as records do and differs by partner: nothing may be cached on the way.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.headers.replaceOrAdd(name: .vary, value: "Accept, Authorization")
        return response
    }

    /// The error message resource: `title` says what went wrong in the reader's language,
    /// `http_status` repeats the status as the spec writes it (a string).
    static func error(_ status: HTTPResponseStatus, _ key: String, request: Request, values: [String: String] = [:])
        -> Response
    {
        let t = request.t
        var body: [String: Any] = ["title": t("\(key).title"), "http_status": String(status.code)]
        let description = t("\(key).description", values)
        if description != "\(key).description" { body["description"] = description }
        let response = json(body, status: status)
        if status == .unauthorized {
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Basic realm=\"Kaiguul TAXII\", Bearer")
        }
        return response
    }

    /// An envelope (§3.7) of STIX objects, each as published plus the rule's marking. Objects are
    /// copied in as bytes: the JSON a row holds is what the partner gets, key order included.
    static func envelope(_ objects: [Data], more: Bool, next: String?) -> Data {
        var data = Data("{\"more\":\(more ? "true" : "false")".utf8)
        if let next { data.append(Data(",\"next\":\(quoted(next))".utf8)) }
        if !objects.isEmpty {
            data.append(Data(",\"objects\":[".utf8))
            for (index, object) in objects.enumerated() {
                if index > 0 { data.append(UInt8(ascii: ",")) }
                data.append(object)
            }
            data.append(UInt8(ascii: "]"))
        }
        data.append(UInt8(ascii: "}"))
        return data
    }

    /// `X-TAXII-Date-Added-First` and `-Last`: the first and last `date_added` of what the page holds.
    static func dateAddedHeaders(_ rows: [ExchangeObject], on response: Response) {
        guard let first = rows.map(\.dateAdded).min(), let last = rows.map(\.dateAdded).max() else { return }
        response.headers.replaceOrAdd(name: "X-TAXII-Date-Added-First", value: TAXIITimestamp.format(first))
        response.headers.replaceOrAdd(name: "X-TAXII-Date-Added-Last", value: TAXIITimestamp.format(last))
    }

    private static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}

/// The rule's TLP marking on one published object (`ExchangeObject.json` is stored unmarked).
enum TAXIIMarking {
    static func apply(_ tlp: TLPLevel, to json: String) throws -> Data {
        try fallbackApply(tlp, to: Data(json.utf8))
    }

    /// Until the STIX module's `STIXMarking.apply` is in the tree: the same rule (definitions,
    /// extension definitions and identities stay unmarked; other TLP markings are replaced).
    private static func fallbackApply(_ tlp: TLPLevel, to json: Data) throws -> Data {
        guard var object = try JSONSerialization.jsonObject(with: json) as? [String: Any],
              let type = object["type"] as? String else { throw Abort(.internalServerError) }
        if ["marking-definition", "extension-definition", "identity"].contains(type) { return json }
        let tlpIDs = Set(TLPLevel.allCases.map(definitionID))
        var refs = ((object["object_marking_refs"] as? [String]) ?? []).filter { !tlpIDs.contains($0) }
        refs.insert(definitionID(tlp), at: 0)
        object["object_marking_refs"] = refs
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    static func definitionID(_ tlp: TLPLevel) -> String {
        switch tlp {
        case .clear: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
        case .green: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
        case .amber: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
        case .amberStrict: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
        case .red: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
        }
    }
}
