import Foundation

/// Where Chromium is and how it is started; read once from the environment.
public struct BrowserConfiguration: Sendable, Equatable {
    /// The Chromium executable. Debian's `/usr/bin/chromium` is a shell wrapper that sources
    /// `/etc/chromium.d` (which turns remote extensions on and loads extensions), so the real binary
    /// under `/usr/lib/chromium` is preferred when it exists.
    public var executable: String
    /// Where each browser's throwaway profile (`--user-data-dir`) is made.
    public var temporaryDirectory: URL
    /// From starting the process to its DevTools endpoint answering.
    public var launchTimeout: Duration = .seconds(30)
    /// Each DevTools command's wait for its reply (a screenshot of a tall page takes a while).
    public var commandTimeout: Duration = .seconds(60)

    public init(executable: String, temporaryDirectory: URL = FileManager.default.temporaryDirectory) {
        self.executable = executable
        self.temporaryDirectory = temporaryDirectory
    }

    /// `KAIGUUL_CHROMIUM` when set, else the first of Debian's binary, `chromium`, `chromium-browser`,
    /// `google-chrome` found on `PATH` (the name itself when none is, so the launch fails saying so).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> BrowserConfiguration
    {
        if let path = environment["KAIGUUL_CHROMIUM"], !path.isEmpty {
            return BrowserConfiguration(executable: path)
        }
        let debian = "/usr/lib/chromium/chromium"
        if FileManager.default.isExecutableFile(atPath: debian) { return BrowserConfiguration(executable: debian) }
        let directories = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for directory in directories {
                let path = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return BrowserConfiguration(executable: path) }
            }
        }
        return BrowserConfiguration(executable: "chromium")
    }
}
