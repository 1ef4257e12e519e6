import Testing
@testable import MediaMatch

@Suite struct PDQIndexTests {
    static func random(_ generator: inout SplitMix64) -> PDQHash {
        PDQHash(w0: generator.next(), w1: generator.next(), w2: generator.next(), w3: generator.next())
    }

    static func perturbed(_ hash: PDQHash, bits: Int, _ generator: inout SplitMix64) -> PDQHash {
        var out = hash
        for _ in 0..<bits { out.flipBit(Int(generator.next() % 256)) }
        return out
    }

    /// Random hashes, plus clusters of near-duplicates (as real banks of re-encoded images are).
    static func data(count: Int, clusters: Int, seed: UInt64) -> [PDQHash] {
        var generator = SplitMix64(seed: seed)
        var hashes: [PDQHash] = []
        let centres = (0..<clusters).map { _ in random(&generator) }
        for i in 0..<count {
            if clusters > 0 && i % 2 == 0 {
                hashes.append(perturbed(centres[Int(generator.next() % UInt64(clusters))],
                                        bits: Int(generator.next() % 48), &generator))
            } else {
                hashes.append(random(&generator))
            }
        }
        return hashes
    }

    @Test(arguments: [(0, UInt64(1)), (20, UInt64(2)), (3, UInt64(3))])
    func searchEqualsBruteForce(clusters: Int, seed: UInt64) {
        let hashes = Self.data(count: 6_000, clusters: clusters, seed: seed)
        let index = PDQIndex(hashes)
        var generator = SplitMix64(seed: seed &+ 100)
        var nonEmpty = 0
        for q in 0..<300 {
            let query = q % 3 == 0 ? Self.random(&generator)
                : Self.perturbed(hashes[Int(generator.next() % UInt64(hashes.count))], bits: Int(generator.next() % 40),
                                 &generator)
            for distance in [0, 15, 16, 31, 32, 47] {
                let fast = index.search(query, maxDistance: distance)
                let slow = index.bruteForce(query, maxDistance: distance)
                #expect(fast == slow, "query \(q) distance \(distance)")
                if distance == 31 && !slow.isEmpty { nonEmpty += 1 }
            }
        }
        // The property is only meaningful if many queries do have answers.
        #expect(nonEmpty > 150)
    }

    @Test func boundaryDistancesAreFound() {
        var generator = SplitMix64(seed: 9)
        let base = Self.random(&generator)
        // Exactly 31 bits apart, spread so that every slot differs by 1 or 2 bits, and exactly 32.
        var at31 = base
        for k in 0..<31 { at31.flipBit(k * 8) }
        var at32 = base
        for k in 0..<32 { at32.flipBit(k * 8) }
        let index = PDQIndex([at31, at32, base])
        #expect(index.search(base) == [PDQIndexMatch(id: 2, distance: 0), PDQIndexMatch(id: 0, distance: 31)])
        #expect(index.search(base, maxDistance: 32).count == 3)
        #expect(PDQIndex([]).search(base).isEmpty)
        #expect(index.search(base, maxDistance: -1).isEmpty)
        #expect(index.hash(at: 1) == at32)
    }

    @Test func wideRadiusFallsBackToAScan() {
        let hashes = Self.data(count: 500, clusters: 2, seed: 5)
        let index = PDQIndex(hashes)
        #expect(index.search(hashes[0], maxDistance: 100) == index.bruteForce(hashes[0], maxDistance: 100))
    }

    @Test func duplicatesAreEachReported() {
        var generator = SplitMix64(seed: 11)
        let h = Self.random(&generator)
        let index = PDQIndex([h, h, h])
        #expect(index.search(h).map(\.id) == [0, 1, 2])
    }
}
