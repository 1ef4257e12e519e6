import Foundation
import NIOCore
import NIOPosix
import Synchronization
import WebSocketKit

/// An event of the DevTools protocol, or a tick of the capture's own clock.
enum DevToolsEvent: Sendable {
    case event(method: String, params: DevToolsValue, session: String)
    case tick
}

/// Failures of the DevTools conversation itself; a capture turns them into its `failure`.
enum DevToolsError: Error, CustomStringConvertible {
    case closed
    case timeout(String)
    case protocolError(method: String, message: String)
    case badReply(String)

    var description: String {
        switch self {
        case .closed: "the browser closed its DevTools connection"
        case .timeout(let method): "the browser did not answer \(method) in time"
        case .protocolError(let method, let message): "\(method): \(message)"
        case .badReply(let method): "the browser's reply to \(method) was not understood"
        }
    }
}

/// One WebSocket to the browser endpoint, with flat sessions (`sessionId` on each message): commands
/// get ids and their replies resume the caller; events go to the stream of their session. When the
/// socket closes (the browser died), every waiting command fails and every stream ends, so a capture
/// fails instead of hanging or taking the process down.
final class DevToolsConnection: Sendable {
    private struct State {
        var nextID = 0
        var pending: [Int: (method: String, continuation: CheckedContinuation<DevToolsValue, any Error>)] = [:]
        /// Session id to the stream its events go to; child sessions (frames, workers) share their page's.
        var sinks: [String: AsyncStream<DevToolsEvent>.Continuation] = [:]
        var closed = false
    }

    private let socket: WebSocket
    private let state = Mutex(State())

    private init(socket: WebSocket) {
        self.socket = socket
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    static func connect(to url: String, timeout: Duration = .seconds(10)) async throws -> DevToolsConnection {
        var configuration = WebSocketClient.Configuration()
        // A full-page screenshot comes back as one message of several megabytes of base64.
        configuration.maxFrameSize = 1 << 30
        let group = MultiThreadedEventLoopGroup.singleton
        let socket: WebSocket = try await withCheckedThrowingContinuation { continuation in
            let once = Mutex(false)
            let connected = WebSocket.connect(to: url, configuration: configuration, on: group) { socket in
                let first = once.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: socket) } else { socket.close(promise: nil) }
            }
            connected.whenFailure { error in
                let first = once.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(throwing: error) }
            }
            group.any().scheduleTask(in: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000)) {
                let first = once.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(throwing: DevToolsError.timeout("the WebSocket handshake")) }
            }
        }
        let connection = DevToolsConnection(socket: socket)
        // WebSocketKit's callbacks are set on the socket's event loop. Nothing arrives before the
        // first command, so none is missed meanwhile.
        try await socket.eventLoop.submit {
            socket.onText { _, text in connection.receive(text) }
            socket.onClose.whenComplete { _ in connection.shutDown() }
        }.get()
        return connection
    }

    /// Sends a command and waits for its reply's `result`.
    @discardableResult
    func send(_ method: String, _ params: DevToolsValue = [:], session: String? = nil,
              timeout: Duration = .seconds(30)) async throws -> DevToolsValue
    {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        let text = try Self.message(id: id, method: method, params: params, session: session)
        return try await withCheckedThrowingContinuation { continuation in
            let closed = state.withLock { state in
                if state.closed { return true }
                state.pending[id] = (method, continuation)
                return false
            }
            if closed {
                continuation.resume(throwing: DevToolsError.closed)
                return
            }
            let promise = socket.eventLoop.makePromise(of: Void.self)
            promise.futureResult.whenFailure { _ in self.fail(id, DevToolsError.closed) }
            socket.send(text, promise: promise)
            let nanoseconds = Int64(timeout.components.seconds) * 1_000_000_000
                + timeout.components.attoseconds / 1_000_000_000
            socket.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
                self.fail(id, DevToolsError.timeout(method))
            }
        }
    }

    /// Sends a command whose reply nobody waits for (continuing a paused request): the capture's
    /// event loop must not stall on it.
    func post(_ method: String, _ params: DevToolsValue = [:], session: String? = nil) {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        guard let text = try? Self.message(id: id, method: method, params: params, session: session),
              !isClosed
        else { return }
        socket.send(text, promise: nil)
    }

    /// The stream of events of a session; ends when the connection closes or `unsubscribe` is called.
    func subscribe(_ session: String) -> AsyncStream<DevToolsEvent> {
        let (stream, continuation) = AsyncStream<DevToolsEvent>.makeStream(bufferingPolicy: .unbounded)
        let closed = state.withLock { state in
            if state.closed { return true }
            state.sinks[session] = continuation
            return false
        }
        if closed { continuation.finish() }
        return stream
    }

    /// Sends a child session's events (an out-of-process frame, a worker) to its page's stream.
    func route(_ child: String, like parent: String) {
        state.withLock { state in
            if let sink = state.sinks[parent] { state.sinks[child] = sink }
        }
    }

    /// Yields into a session's stream from outside (the capture's clock).
    func inject(_ event: DevToolsEvent, into session: String) {
        _ = state.withLock { $0.sinks[session] }?.yield(event)
    }

    func unsubscribe(_ sessions: [String]) {
        let sinks = state.withLock { state in
            sessions.compactMap { state.sinks.removeValue(forKey: $0) }
        }
        for sink in sinks { sink.finish() }
    }

    func close() async {
        try? await socket.close(code: .normalClosure)
        shutDown()
    }

    private func fail(_ id: Int, _ error: any Error) {
        state.withLock { $0.pending.removeValue(forKey: id) }?.continuation.resume(throwing: error)
    }

    private func shutDown() {
        let (pending, sinks) = state.withLock { state in
            state.closed = true
            defer {
                state.pending = [:]
                state.sinks = [:]
            }
            return (Array(state.pending.values), Array(state.sinks.values))
        }
        for waiting in pending { waiting.continuation.resume(throwing: DevToolsError.closed) }
        for sink in sinks { sink.finish() }
    }

    private func receive(_ text: String) {
        guard let message = try? JSONDecoder().decode(DevToolsValue.self, from: Data(text.utf8)) else { return }
        if let id = message["id"]?.int {
            guard let waiting = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return }
            if let error = message["error"] {
                waiting.continuation.resume(throwing: DevToolsError.protocolError(
                    method: waiting.method, message: error["message"]?.string ?? "error"))
            } else {
                waiting.continuation.resume(returning: message["result"] ?? .object([:]))
            }
        } else if let method = message["method"]?.string {
            let session = message["sessionId"]?.string ?? ""
            let sink = state.withLock { $0.sinks[session] }
            sink?.yield(.event(method: method, params: message["params"] ?? .object([:]), session: session))
        }
    }

    private static func message(id: Int, method: String, params: DevToolsValue, session: String?) throws -> String {
        var object: [String: DevToolsValue] = ["id": .int(id), "method": .string(method), "params": params]
        if let session { object["sessionId"] = .string(session) }
        return String(decoding: try JSONEncoder().encode(DevToolsValue.object(object)), as: UTF8.self)
    }
}
