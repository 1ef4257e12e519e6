// swift-tools-version:6.0
import PackageDescription

// The libFuzzer harness: one binary for every target in FuzzTargets (chosen by KAIGUUL_FUZZ_TARGET), kept
// out of the main package because it has no `main` of its own (libFuzzer's) and is built with sanitizers.
// Built and run by `make fuzz` (scripts/fuzz.sh).
let package = Package(
    name: "KaiguulFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Kaiguul", path: "..")],
    targets: [
        .executableTarget(
            name: "kaiguul-fuzz",
            dependencies: [.product(name: "FuzzTargets", package: "Kaiguul")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
