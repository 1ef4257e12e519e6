/// Removes HTTP/1.1 chunked transfer coding from a stream fed in pieces. WARC 1.1 defines the
/// payload of a response as the entity body "with any transfer-encoding removed", so the
/// conformance check must de-chunk before it can verify a payload digest written by another tool.
struct ChunkedDecoder {
    enum Failure: Error, Equatable {
        case malformedSize
        case malformedFraming
    }

    private enum State {
        case size
        case data(UInt64)
        case dataCR
        case dataLF
        case trailer
        case done
    }

    private var state = State.size
    private var line: [UInt8] = []
    private var failure: Failure?
    private static let maxLine = 4096

    var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    var failed: Failure? { failure }

    /// Feeds raw bytes; decoded payload bytes go to `emit`. After a failure everything is ignored.
    mutating func feed(_ bytes: some Collection<UInt8>, emit: ([UInt8]) -> Void) {
        var index = bytes.startIndex
        while index != bytes.endIndex, failure == nil {
            switch state {
            case .size, .trailer:
                let byte = bytes[index]
                index = bytes.index(after: index)
                if byte == 10 {
                    if line.last == 13 { line.removeLast() }
                    finishLine()
                } else {
                    line.append(byte)
                    if line.count > Self.maxLine { failure = .malformedFraming }
                }
            case .data(let remaining):
                let available = bytes.distance(from: index, to: bytes.endIndex)
                let count = Int(min(UInt64(available), remaining))
                let end = bytes.index(index, offsetBy: count)
                emit(Array(bytes[index..<end]))
                index = end
                state = remaining - UInt64(count) == 0 ? .dataCR : .data(remaining - UInt64(count))
            case .dataCR:
                let byte = bytes[index]
                index = bytes.index(after: index)
                if byte == 13 {
                    state = .dataLF
                } else if byte == 10 {
                    state = .size
                } else {
                    failure = .malformedFraming
                }
            case .dataLF:
                let byte = bytes[index]
                index = bytes.index(after: index)
                if byte == 10 { state = .size } else { failure = .malformedFraming }
            case .done:
                // Bytes after the last chunk are not payload.
                index = bytes.endIndex
            }
        }
    }

    private mutating func finishLine() {
        defer { line.removeAll(keepingCapacity: true) }
        switch state {
        case .size:
            let sizeText = line.prefix { $0 != UInt8(ascii: ";") }
            let trimmed = sizeText.filter { $0 != 0x20 && $0 != 0x09 }
            guard !trimmed.isEmpty, trimmed.count <= 16,
                  let size = UInt64(String(decoding: trimmed, as: UTF8.self), radix: 16)
            else {
                failure = .malformedSize
                return
            }
            state = size == 0 ? .trailer : .data(size)
        case .trailer:
            if line.isEmpty { state = .done }
        default:
            break
        }
    }
}
