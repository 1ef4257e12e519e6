// swift-tools-version:6.0
import PackageDescription

// Benchmarks and the model-training driver for the Detection target. Build with `-c release`.
let package = Package(
    name: "DetectionBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Kaiguul", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "DetectionBench",
            dependencies: [.product(name: "Detection", package: "Kaiguul")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
