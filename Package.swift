// swift-tools-version:6.0
import PackageDescription

// Kaiguul: one package, one binary. The pure targets (KaiguulCore, Detection, MediaMatch,
// Evidence, Exchange) never import Vapor; only App meets HTTP, SQL and sessions.
let package = Package(
    name: "Kaiguul",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kaiguul", targets: ["kaiguul"]),
        // The pure targets as libraries, so benchmarks under benchmarks/ can link them alone.
        .library(name: "KaiguulCore", targets: ["KaiguulCore"]),
        .library(name: "Detection", targets: ["Detection"]),
        .library(name: "MediaMatch", targets: ["MediaMatch"]),
        .library(name: "Evidence", targets: ["Evidence"]),
        .library(name: "Monitor", targets: ["Monitor"]),
        .library(name: "Exchange", targets: ["Exchange"]),
        // For the libFuzzer harness, a package of its own under fuzz/.
        .library(name: "FuzzTargets", targets: ["FuzzTargets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // X.509 chains and CMS for RFC 3161 timestamp tokens and domain-certificate WACZ signatures.
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // Chromium's DevTools protocol is spoken over its WebSocket (browser capture).
        .package(url: "https://github.com/vapor/websocket-kit.git", from: "2.16.2"),
        // Operations: /metrics in Prometheus' text format, fed through the swift-metrics API.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // MARK: pure targets
        .target(name: "KaiguulCore"),
        .target(name: "Detection", dependencies: ["KaiguulCore"], resources: [.copy("Resources")]),
        .target(
            name: "CImage",
            linkerSettings: [
                .linkedLibrary("jpeg"), .linkedLibrary("png16"), .linkedLibrary("webp"),
                .linkedLibrary("gif"), .linkedLibrary("z"),
            ]
        ),
        .target(
            name: "MediaMatch",
            dependencies: ["KaiguulCore", "CImage", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(
            name: "Evidence",
            dependencies: [
                "KaiguulCore", "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .target(
            name: "Exchange",
            dependencies: ["KaiguulCore", .product(name: "Crypto", package: "swift-crypto")]
        ),

        // MARK: monitoring (network)
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CBrotli", path: "Sources/CBrotli", pkgConfig: "libbrotlidec",
                       providers: [.apt(["libbrotli-dev"])]),
        .target(
            name: "Monitor",
            dependencies: [
                "KaiguulCore", "CLibXML2", "CZlib", "CBrotli",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "WebSocketKit", package: "websocket-kit"),
            ]
        ),

        // MARK: fuzzing
        // Each parser fed arbitrary bytes, with its invariants; shared by the libFuzzer harness under fuzz/
        // and by FuzzRegressionTests, which replays every committed input.
        .target(
            name: "FuzzTargets",
            dependencies: ["KaiguulCore", "Detection", "MediaMatch", "Evidence", "Monitor", "Exchange", "CImage", "CZlib"]
        ),

        // MARK: application
        .target(
            name: "App",
            dependencies: [
                "KaiguulCore", "Detection", "MediaMatch", "Evidence", "Monitor", "Exchange",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(name: "kaiguul", dependencies: ["App"]),
        // Test and demo helpers, never linked into `kaiguul`: invented people walking cases through the
        // workflow, and the demo dataset. Used by AppTests and by `kaiguul-fixture` (the resolver test's
        // `blocklist`, and `demo`, which `kaiguul demo` hands over to). Built from the source tree only.
        .target(
            name: "KaiguulFixtures",
            dependencies: [
                "App", "KaiguulCore", "Detection", "Evidence", "Exchange", "MediaMatch", "Monitor",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .executableTarget(name: "kaiguul-fixture", dependencies: ["KaiguulFixtures", "App"]),

        // MARK: tests
        .testTarget(name: "KaiguulCoreTests", dependencies: ["KaiguulCore"]),
        .testTarget(name: "DetectionTests", dependencies: ["Detection"]),
        .testTarget(name: "MediaMatchTests", dependencies: ["MediaMatch"]),
        .testTarget(
            name: "EvidenceTests",
            dependencies: [
                "Evidence", "LoopbackHTTP",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        // A scripted HTTP server on 127.0.0.1 for the fetcher and pipeline tests.
        .target(
            name: "LoopbackHTTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Tests/LoopbackHTTP"
        ),
        .testTarget(
            name: "MonitorTests",
            dependencies: [
                "Monitor", "CZlib", "LoopbackHTTP", "MediaMatch",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            // yt-dlp info-JSON fixtures, read from the source tree by path.
            exclude: ["Fixtures/ytdlp"]
        ),
        .testTarget(name: "ExchangeTests", dependencies: ["Exchange"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzTargets"], exclude: ["Inputs"]),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App", "KaiguulFixtures", "LoopbackHTTP",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
