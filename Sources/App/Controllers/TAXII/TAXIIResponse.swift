import Exchange
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

/// The rule's TLP marking on one published object (`ExchangeObject.json` is stored unmarked):
/// `STIXMarking` adds the official TLP 2.0 marking-definition reference and leaves definitions,
/// extension definitions and the identity unmarked.
enum TAXIIMarking {
    static func apply(_ tlp: TLPLevel, to json: String) throws -> Data {
        try STIXMarking.apply(tlp, toObject: Data(json.utf8))
    }
}
