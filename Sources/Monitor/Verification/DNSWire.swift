/// DNS messages as bytes (RFC 1035): one question out, the answer's code and addresses back. Only
/// what a measurement needs; anything malformed is a failed reply, never a crash.
enum DNSWire {
    enum RecordType: UInt16, Sendable { case a = 1, aaaa = 28 }

    struct Reply: Sendable, Equatable {
        var rcode: String
        var addresses: [String]
    }

    static func question(_ name: String, type: RecordType, id: UInt16) -> [UInt8]? {
        // Recursion desired, one question.
        var packet: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        let trimmed = name.hasSuffix(".") ? String(name.dropLast()) : name
        guard !trimmed.isEmpty, trimmed.utf8.count <= 253 else { return nil }
        for label in trimmed.split(separator: ".", omittingEmptySubsequences: false) {
            let bytes = Array(label.utf8)
            guard !bytes.isEmpty, bytes.count < 64 else { return nil }
            packet.append(UInt8(bytes.count))
            packet += bytes
        }
        packet += [0, UInt8(type.rawValue >> 8), UInt8(type.rawValue & 0xFF), 0, 1]
        return packet
    }

    static func rcodeName(_ code: Int) -> String {
        switch code {
        case 0: "NOERROR"
        case 1: "FORMERR"
        case 2: "SERVFAIL"
        case 3: "NXDOMAIN"
        case 4: "NOTIMP"
        case 5: "REFUSED"
        default: "RCODE\(code)"
        }
    }

    /// The reply's code and its addresses of the asked type; nil when it is not a reply to `id`.
    static func parse(_ reply: [UInt8], id: UInt16, type: RecordType) -> Reply? {
        guard reply.count >= 12, UInt16(reply[0]) << 8 | UInt16(reply[1]) == id, reply[2] & 0x80 != 0 else {
            return nil
        }
        let rcode = rcodeName(Int(reply[3] & 0x0F))
        let questions = Int(reply[4]) << 8 | Int(reply[5])
        let answers = Int(reply[6]) << 8 | Int(reply[7])
        var i = 12
        func skipName() -> Bool {
            var steps = 0
            while i < reply.count, steps < 128 {
                steps += 1
                let length = Int(reply[i])
                if length == 0 { i += 1; return true }
                if length & 0xC0 == 0xC0 { i += 2; return i <= reply.count }
                i += 1 + length
            }
            return false
        }
        for _ in 0..<min(questions, 4) {
            guard skipName(), i + 4 <= reply.count else { return nil }
            i += 4
        }
        var addresses: [String] = []
        for _ in 0..<min(answers, 64) {
            guard skipName(), i + 10 <= reply.count else { break }
            let recordType = UInt16(reply[i]) << 8 | UInt16(reply[i + 1])
            let length = Int(reply[i + 8]) << 8 | Int(reply[i + 9])
            i += 10
            guard i + length <= reply.count else { break }
            if recordType == type.rawValue, length == (type == .a ? 4 : 16),
                let address = IPAddress(bytes: Array(reply[i..<i + length]))
            {
                addresses.append(address.description)
            }
            i += length
        }
        return Reply(rcode: rcode, addresses: addresses)
    }
}
