import Foundation

/// A headless Chromium for browser captures, spoken to over its DevTools protocol. One browser
/// serves many captures, each in a fresh browser context (its own cookies, cache and storage) whose
/// only route to the network is the guard proxy it is given.
public actor ChromiumBrowser {
    public enum LaunchError: Error, CustomStringConvertible {
        case failed(String)

        public var description: String {
            switch self {
            case .failed(let reason): reason
            }
        }
    }

    /// `Chromium/156.0.8078.114`.
    public nonisolated let version: String
    public nonisolated let configuration: BrowserConfiguration
    private let process: ChromiumProcess
    private let connection: DevToolsConnection
    private var closed = false

    private init(process: ChromiumProcess, connection: DevToolsConnection, version: String,
                 configuration: BrowserConfiguration)
    {
        self.process = process
        self.connection = connection
        self.version = version
        self.configuration = configuration
    }

    /// Starts Chromium with a throwaway profile and connects to it.
    public static func launch(_ configuration: BrowserConfiguration) async throws -> ChromiumBrowser {
        let (process, endpoint): (ChromiumProcess, String)
        do {
            (process, endpoint) = try await ChromiumProcess.start(configuration)
        } catch {
            throw LaunchError.failed("\(error)")
        }
        do {
            let connection = try await DevToolsConnection.connect(to: endpoint)
            let reply = try await connection.send("Browser.getVersion", timeout: configuration.commandTimeout)
            let product = reply["product"]?.string ?? "Chromium/unknown"
            // Headless builds call themselves `HeadlessChrome`; the capture names the browser as installed.
            let number = product.split(separator: "/").last.map(String.init) ?? "unknown"
            return ChromiumBrowser(process: process, connection: connection, version: "Chromium/\(number)",
                                   configuration: configuration)
        } catch {
            await process.terminate()
            throw LaunchError.failed("could not talk to the browser: \(error)")
        }
    }

    /// The browser's process id, also the id of its process group (renderers and helpers join it),
    /// for measuring the memory of the whole tree.
    public nonisolated var processID: Int32 { process.pid }

    /// False once the browser process or its DevTools connection is gone; a caller relaunches then.
    public nonisolated var isRunning: Bool { !connection.isClosed && process.isRunning }

    /// Loads `url` in a fresh context routed through `proxy` and records what the browser saw. Never
    /// throws: a browser that died, a refused document or a timeout is the result's `failure`.
    public func capture(_ url: String, through proxy: some BrowserProxy,
                        limits: BrowserCaptureLimits = BrowserCaptureLimits()) async -> BrowserCaptureResult
    {
        var result = BrowserCaptureResult(requestedURL: url, started: Date(), browserVersion: version)
        guard !closed, !connection.isClosed else {
            result.failure = "the browser is not running"
            return result
        }
        guard NetworkLog.isNetworkURL(url), URL(string: url)?.host != nil else {
            result.failure = "not an http or https URL"
            return result
        }
        let page = PageCapture(connection: connection, proxy: proxy, limits: limits,
                               commandTimeout: configuration.commandTimeout)
        return await page.run(url, into: result)
    }

    /// Closes the browser and removes its profile; idempotent.
    public func close() async {
        guard !closed else { return }
        closed = true
        _ = try? await connection.send("Browser.close", timeout: .seconds(2))
        await connection.close()
        await process.terminate()
    }
}
