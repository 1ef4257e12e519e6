// swift-tools-version:6.0
import PackageDescription

// Benchmarks for the MediaMatch target: PDQ speed and the multi-index hash. Build with
// `-c release`; `run.sh` runs them beside the Python peers (pdqhash, faiss).
let package = Package(
    name: "MediaBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Kaiguul", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "MediaBench",
            dependencies: [.product(name: "MediaMatch", package: "Kaiguul")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
