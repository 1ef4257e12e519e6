import Foundation
import Testing

@testable import Evidence

/// Damaged evidence must be reported, never crash the reader, whatever the damage.
@Suite struct DamageTests {
    private func validFile(_ temp: TemporaryDirectory) async throws -> URL {
        let writer = try makeWriter(temp.url.appendingPathComponent("warc"))
        let written = try await writer.write(sampleCapture(body: pseudoRandomBytes(3000, seed: 11)))
        try await writer.close()
        return temp.url.appendingPathComponent("warc").appendingPathComponent(written.location.filename)
    }

    @Test func everyTruncationIsAnError() async throws {
        let temp = try TemporaryDirectory()
        let original = try await validFile(temp)
        let gzipped = try Data(contentsOf: original)
        let plain = try systemGunzip(gzipped)
        // A cut exactly where a gzip member ends leaves a shorter but whole file, which is not
        // damage; record ids and dates change the sizes from run to run, so skip those offsets.
        let memberEnds = Set(try readAll(original).map { Int($0.end.location.offset + $0.end.location.length) })
        for (data, name) in [(gzipped, "cut.warc.gz"), (plain, "cut.warc")] {
            var generator = SplitMix(seed: 21)
            for _ in 0..<40 {
                let cut = Int(generator.next() % UInt64(data.count - 1)) + 1
                if name.hasSuffix(".gz"), memberEnds.contains(cut) { continue }
                let file = temp.file(name)
                try? FileManager.default.removeItem(at: file)
                try data.prefix(cut).write(to: file)
                let problems = WARCConformance.check(file: file, options: .kaiguul)
                #expect(problems.contains { $0.severity == .error }, "cut at \(cut) of \(name)")
            }
        }
    }

    @Test func flippedBytesInBlocksAreErrorsAndNothingCrashes() async throws {
        let temp = try TemporaryDirectory()
        let plain = try systemGunzip(try Data(contentsOf: try await validFile(temp)))
        let records = try readAll(try await validFile(temp))
        var generator = SplitMix(seed: 22)
        // The response body: a flip there must break a digest.
        let body = try #require(plain.range(of: httpBody(records[2].block)))
        for _ in 0..<30 {
            var damaged = plain
            let at = body.lowerBound + Int(generator.next() % UInt64(body.count))
            damaged[at] ^= UInt8(1 << (generator.next() % 8))
            let file = temp.file("flip.warc")
            try? FileManager.default.removeItem(at: file)
            try damaged.write(to: file)
            #expect(WARCConformance.check(file: file).contains { $0.severity == .error })
        }
        // Anywhere else: any outcome but a crash or a hang.
        for _ in 0..<100 {
            var damaged = plain
            let at = Int(generator.next() % UInt64(plain.count))
            damaged[at] = UInt8(truncatingIfNeeded: generator.next())
            let file = temp.file("anywhere.warc")
            try? FileManager.default.removeItem(at: file)
            try damaged.write(to: file)
            _ = WARCConformance.check(file: file)
            _ = try? CDXJIndexer.lines(for: file, filename: "anywhere.warc")
        }
    }
}

struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
