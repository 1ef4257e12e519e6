// swift-tools-version:6.0
import PackageDescription

// Package signing benchmark for the Evidence target: writes a WACZ of a large WARC unsigned and
// signed, and verifies it. Build with `-c release`; `run.sh` runs it beside py-wacz.
let package = Package(
    name: "EvidenceBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Kaiguul", path: "../.."),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .executableTarget(
            name: "PackageBench",
            dependencies: [
                .product(name: "Evidence", package: "Kaiguul"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
