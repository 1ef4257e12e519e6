import SwiftASN1

extension ASN1NodeCollection.Iterator {
    /// The next node, or a clear complaint naming what was missing.
    mutating func required(_ what: String) throws -> ASN1Node {
        guard let node = next() else { throw TimestampError.malformed("\(what) missing") }
        return node
    }
}
