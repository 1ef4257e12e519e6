import NIOCore

/// Reads a connection's bytes in the shapes the proxy needs (a head up to its blank line, an exact
/// count, whatever comes next) over one inbound stream, keeping what was read ahead for the next call.
///
/// Unchecked: an inbound stream's iterator is not Sendable because two tasks must never read one stream
/// at once. A reader is handed on from the task that read the head to the one task that copies that
/// direction, and never used by the first again.
struct ProxyByteReader: @unchecked Sendable {
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var pending: [UInt8] = []

    init(_ stream: NIOAsyncChannelInboundStream<ByteBuffer>) {
        iterator = stream.makeAsyncIterator()
    }

    /// The next bytes, read-ahead first; nil at the end of the stream. A reset or a closed channel
    /// is also the end: the proxy has nothing to add to it.
    mutating func next() async -> [UInt8]? {
        if !pending.isEmpty {
            defer { pending = [] }
            return pending
        }
        do {
            guard let buffer = try await iterator.next() else { return nil }
            return Array(buffer.readableBytesView)
        } catch {
            return nil
        }
    }

    /// As `next()`, without copying what the channel read: for the bulk copying of a relay.
    mutating func nextBuffer() async -> ByteBuffer? {
        if !pending.isEmpty {
            defer { pending = [] }
            return ByteBuffer(bytes: pending)
        }
        do {
            return try await iterator.next()
        } catch {
            return nil
        }
    }

    /// Bytes up to and including the first CRLFCRLF; nil if the stream ends first.
    mutating func readHead(limit: Int) async throws(ProxyRequestError) -> [UInt8]? {
        var head: [UInt8] = []
        var searchFrom = 0
        while true {
            if let end = Self.headEnd(in: head, from: searchFrom) {
                guard end <= limit else { throw .headTooLarge }
                pending = Array(head[end...]) + pending
                return Array(head[..<end])
            }
            guard head.count <= limit else { throw .headTooLarge }
            searchFrom = max(0, head.count - 3)
            guard let more = await next() else { return nil }
            head += more
        }
    }

    /// Exactly `count` bytes; nil if the stream ends first.
    mutating func read(exactly count: Int) async -> [UInt8]? {
        var bytes: [UInt8] = []
        while bytes.count < count {
            guard let more = await next() else { return nil }
            bytes += more
        }
        pending = Array(bytes[count...]) + pending
        return Array(bytes[..<count])
    }

    /// Puts bytes back in front of what comes next.
    mutating func unread(_ bytes: [UInt8]) {
        pending = bytes + pending
    }

    /// The index just past the first CRLFCRLF at or after `start`.
    static func headEnd(in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = start
        while index + 3 < bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 {
                return index + 4
            }
            index += 1
        }
        return nil
    }
}
