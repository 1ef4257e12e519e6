// swift-tools-version:6.0
import PackageDescription

// Browser capture benchmark: Monitor's ChromiumBrowser capturing loopback pages through the guard
// proxy. Build with `-c release`; `run.sh` runs it beside the peer (Python selenium, same Chromium).
let package = Package(
    name: "BrowserCaptureBenchmark",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Kaiguul", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "BrowserBench",
            dependencies: [.product(name: "Monitor", package: "Kaiguul")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
