import CImage

/// A hit of an index search: the position of the hash in the index and its Hamming distance.
public struct PDQIndexMatch: Sendable, Hashable, Comparable {
    public let id: Int
    public let distance: Int

    public init(id: Int, distance: Int) {
        self.id = id
        self.distance = distance
    }

    public static func < (lhs: PDQIndexMatch, rhs: PDQIndexMatch) -> Bool {
        (lhs.distance, lhs.id) < (rhs.distance, rhs.id)
    }
}

/// Exact radius search over PDQ hashes by multi-index hashing (Norouzi, Punjani and Fleet).
///
/// The 256 bits are cut into 16 slots of 16 bits (the reference's words). If two hashes are
/// within distance d, by pigeonhole at least one slot differs in at most ⌊d/16⌋ bits, so probing
/// every slot's table with the query's slot value and its neighbours within ⌊d/16⌋ bits finds
/// every true match; each candidate is then checked on all 256 bits. Results therefore equal a
/// brute-force scan exactly. For d ≤ 31 that is 17 probes per slot.
///
/// Storage is one sorted table per slot (counting sort into offsets + ids), with no per-bucket
/// allocations: 32 bytes per hash for the hashes, 64 for the ids, plus 4 MiB of offsets.
public struct PDQIndex: Sendable {
    public static let slotCount = 16
    /// Largest per-slot radius probed; beyond it (d ≥ 48) a scan is cheaper than the probes.
    static let maxSlotRadius = 2

    /// Four 64-bit words per hash.
    let words: [UInt64]
    /// Slot s, bucket v holds ids[s * count + offsets[s * 65537 + v] ..< … + offsets[s * 65537 + v + 1]].
    let offsets: [UInt32]
    let ids: [UInt32]
    public let count: Int

    public init(_ hashes: [PDQHash]) {
        precondition(hashes.count < Int(UInt32.max), "index limited to 2^32 - 1 hashes")
        count = hashes.count
        var words = [UInt64](repeating: 0, count: hashes.count * 4)
        for (i, h) in hashes.enumerated() {
            words[4 * i] = h.w0
            words[4 * i + 1] = h.w1
            words[4 * i + 2] = h.w2
            words[4 * i + 3] = h.w3
        }
        var offsets = [UInt32](repeating: 0, count: Self.slotCount * 65537)
        var ids = [UInt32](repeating: 0, count: Self.slotCount * hashes.count)
        offsets.withUnsafeMutableBufferPointer { offsets in
            ids.withUnsafeMutableBufferPointer { ids in
                words.withUnsafeBufferPointer { words in
                    for s in 0..<Self.slotCount {
                        let base = s * 65537
                        for i in 0..<hashes.count {
                            offsets[base + Int(Self.slot(words, i, s)) + 1] += 1
                        }
                        for v in 0..<65536 { offsets[base + v + 1] += offsets[base + v] }
                        var cursor = Array(offsets[base..<(base + 65536)])
                        for i in 0..<hashes.count {
                            let v = Int(Self.slot(words, i, s))
                            ids[s * hashes.count + Int(cursor[v])] = UInt32(i)
                            cursor[v] += 1
                        }
                    }
                }
            }
        }
        self.words = words
        self.offsets = offsets
        self.ids = ids
    }

    public func hash(at id: Int) -> PDQHash {
        PDQHash(w0: words[4 * id], w1: words[4 * id + 1], w2: words[4 * id + 2], w3: words[4 * id + 3])
    }

    /// Bytes held by the index's arrays.
    public var memoryBytes: Int {
        words.count * 8 + offsets.count * 4 + ids.count * 4
    }

    @inline(__always)
    static func slot(_ words: UnsafeBufferPointer<UInt64>, _ i: Int, _ s: Int) -> UInt16 {
        UInt16(truncatingIfNeeded: words[4 * i + (s >> 2)] >> UInt64((s & 3) << 4))
    }

    @inline(__always)
    static func distance(_ words: UnsafeBufferPointer<UInt64>, _ i: Int, _ q: PDQHash) -> Int {
        (words[4 * i] ^ q.w0).nonzeroBitCount + (words[4 * i + 1] ^ q.w1).nonzeroBitCount
            + (words[4 * i + 2] ^ q.w2).nonzeroBitCount + (words[4 * i + 3] ^ q.w3).nonzeroBitCount
    }

    /// Bit masks of 16 bits with at most 2 bits set, grouped by weight.
    static let probeMasks: [[UInt16]] = {
        var byWeight: [[UInt16]] = [[0], [], []]
        for a in 0..<16 {
            byWeight[1].append(UInt16(1) << UInt16(a))
            for b in (a + 1)..<16 { byWeight[2].append(UInt16(1) << UInt16(a) | UInt16(1) << UInt16(b)) }
        }
        return byWeight
    }()

    /// Every hash within `maxDistance` of `query`, nearest first (ties by id): exactly what
    /// `bruteForce` returns.
    public func search(_ query: PDQHash, maxDistance: Int = 31) -> [PDQIndexMatch] {
        guard maxDistance >= 0, count > 0 else { return [] }
        let radius = maxDistance / Self.slotCount
        if radius > Self.maxSlotRadius { return bruteForce(query, maxDistance: maxDistance) }
        let queryWords = [query.w0, query.w1, query.w2, query.w3]
        let masks = Self.probeMasks.prefix(radius + 1).flatMap { $0 }
        // First gather every candidate id (sequential reads of the tables), then check them all in
        // one pass that prefetches ahead: the checks are bound by random reads of the hashes.
        var candidates: [UInt32] = []
        candidates.reserveCapacity(8192)
        offsets.withUnsafeBufferPointer { offsets in
            ids.withUnsafeBufferPointer { ids in
                for s in 0..<Self.slotCount {
                    let value = query.word16(s)
                    let tableBase = s * 65537, idBase = s * count
                    for mask in masks {
                        let bucket = Int(value ^ mask)
                        let start = Int(offsets[tableBase + bucket]), end = Int(offsets[tableBase + bucket + 1])
                        if end > start {
                            let bucketIds = UnsafeBufferPointer(rebasing: ids[(idBase + start)..<(idBase + end)])
                            candidates.append(contentsOf: bucketIds)
                        }
                    }
                }
            }
        }
        guard !candidates.isEmpty else { return [] }
        var foundIds = [UInt32](repeating: 0, count: candidates.count)
        var foundDistances = [UInt16](repeating: 0, count: candidates.count)
        let found = words.withUnsafeBufferPointer { words in
            candidates.withUnsafeBufferPointer { candidates in
                foundIds.withUnsafeMutableBufferPointer { outIds in
                    foundDistances.withUnsafeMutableBufferPointer { outDistances in
                        cimage_hamming_verify(words.baseAddress, candidates.baseAddress, candidates.count, queryWords,
                                              Int32(maxDistance), outIds.baseAddress, outDistances.baseAddress)
                    }
                }
            }
        }
        // A match close in several slots was found once per such slot.
        var matches = (0..<found).map { PDQIndexMatch(id: Int(foundIds[$0]), distance: Int(foundDistances[$0])) }
        matches.sort()
        var unique: [PDQIndexMatch] = []
        unique.reserveCapacity(matches.count)
        for match in matches where unique.last != match { unique.append(match) }
        return unique
    }

    /// A linear scan: the reference the index must agree with, and the fallback for wide radii.
    public func bruteForce(_ query: PDQHash, maxDistance: Int = 31) -> [PDQIndexMatch] {
        guard maxDistance >= 0, count > 0 else { return [] }
        let queryWords = [query.w0, query.w1, query.w2, query.w3]
        var capacity = 256
        while true {
            var outIds = [UInt32](repeating: 0, count: capacity)
            var outDistances = [UInt16](repeating: 0, count: capacity)
            let found = words.withUnsafeBufferPointer { words in
                outIds.withUnsafeMutableBufferPointer { outIds in
                    outDistances.withUnsafeMutableBufferPointer { outDistances in
                        cimage_hamming_scan(words.baseAddress, count, queryWords, Int32(maxDistance),
                                            outIds.baseAddress, outDistances.baseAddress, capacity)
                    }
                }
            }
            if found <= capacity {
                var matches = (0..<found).map { PDQIndexMatch(id: Int(outIds[$0]), distance: Int(outDistances[$0])) }
                matches.sort()
                return matches
            }
            capacity = found
        }
    }
}
