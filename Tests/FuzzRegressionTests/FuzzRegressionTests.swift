import Foundation
import FuzzTargets
import Testing

/// Replays every input under Inputs/<target>/ through its fuzz target: the crashes libFuzzer found
/// (fixed since) and a few seeds per target, so `make test` keeps each parser's fixes and invariants.
/// A broken invariant traps, which fails the whole run with the target's message.
@Suite struct FuzzRegressionTests {
    static let inputs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Inputs")

    static func inputFiles(_ target: String) -> [URL] {
        let dir = inputs.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0) }
    }

    @Test func everyInputFolderNamesATarget() throws {
        // setup
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.inputs.path).filter { !$0.hasPrefix(".") }
        // validate
        for folder in folders {
            #expect(FuzzTargets.named(folder) != nil, "Inputs/\(folder) names no fuzz target")
        }
    }

    @Test(arguments: FuzzTargets.all.map(\.name))
    func replay(target name: String) async throws {
        // setup
        let target = try #require(FuzzTargets.named(name))
        let files = Self.inputFiles(name)
        // MUT + validate: each input runs without trapping, on a thread of its own: parsing and the RPZ
        // target's named-checkzone must not hold the test executor's threads the network tests wait for.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread {
                continuation.resume(with: Result {
                    for file in files { target.run(Array(try Data(contentsOf: file))) }
                })
            }.start()
        }
    }
}
