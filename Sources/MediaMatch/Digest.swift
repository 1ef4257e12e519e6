import Foundation

/// MD5 and SHA-256 of whole files, the exact-match fingerprints hash-sharing databases carry
/// beside PDQ. Small, dependency-free implementations checked against the standard test
/// vectors; MD5 is used only to match others' lists, never for integrity.
public enum Digest {
    public static func sha256(_ data: some DataProtocol) -> String {
        var state = SHA256State()
        for region in data.regions { region.withUnsafeBytes { state.update($0) } }
        return state.finalize()
    }

    public static func md5(_ data: some DataProtocol) -> String {
        var state = MD5State()
        for region in data.regions { region.withUnsafeBytes { state.update($0) } }
        return state.finalize()
    }

    /// Both digests of a file, read in 1 MiB chunks (memory stays bounded for any size).
    public static func fileDigests(_ url: URL) throws -> (md5: String, sha256: String) {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var md5 = MD5State(), sha = SHA256State()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { raw in
                md5.update(raw)
                sha.update(raw)
            }
        }
        return (md5.finalize(), sha.finalize())
    }

    struct SHA256State {
        var h: [UInt32] = [
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
        ]
        var blocks = BlockBuffer()
        var w = [UInt32](repeating: 0, count: 64)

        mutating func update(_ bytes: UnsafeRawBufferPointer) {
            var buffer = blocks
            buffer.feed(bytes) { compress($0) }
            blocks = buffer
        }

        mutating func finalize() -> String {
            var buffer = blocks
            buffer.finish(bigEndianLength: true) { compress($0) }
            return h.map { hex($0.bigEndian) }.joined()
        }

        mutating func compress(_ block: UnsafeRawBufferPointer) {
            for t in 0..<16 {
                w[t] = UInt32(block[4 * t]) << 24 | UInt32(block[4 * t + 1]) << 16
                    | UInt32(block[4 * t + 2]) << 8 | UInt32(block[4 * t + 3])
            }
            for t in 16..<64 {
                let s0 = w[t - 15].rotatedRight(7) ^ w[t - 15].rotatedRight(18) ^ (w[t - 15] >> 3)
                let s1 = w[t - 2].rotatedRight(17) ^ w[t - 2].rotatedRight(19) ^ (w[t - 2] >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
            for t in 0..<64 {
                let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                let ch = (e & f) ^ (~e & g)
                let temp1 = hh &+ s1 &+ ch &+ Digest.sha256K[t] &+ w[t]
                let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                let maj = (a & b) ^ (a & c) ^ (b & c)
                hh = g
                g = f
                f = e
                e = d &+ temp1
                d = c
                c = b
                b = a
                a = temp1 &+ s0 &+ maj
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d
            h[4] &+= e; h[5] &+= f; h[6] &+= g; h[7] &+= hh
        }
    }

    struct MD5State {
        var a0: UInt32 = 0x6745_2301, b0: UInt32 = 0xefcd_ab89, c0: UInt32 = 0x98ba_dcfe, d0: UInt32 = 0x1032_5476
        var blocks = BlockBuffer()
        var m = [UInt32](repeating: 0, count: 16)

        mutating func update(_ bytes: UnsafeRawBufferPointer) {
            var buffer = blocks
            buffer.feed(bytes) { compress($0) }
            blocks = buffer
        }

        mutating func finalize() -> String {
            var buffer = blocks
            buffer.finish(bigEndianLength: false) { compress($0) }
            return [a0, b0, c0, d0].map { hex($0.littleEndian) }.joined()
        }

        mutating func compress(_ block: UnsafeRawBufferPointer) {
            for t in 0..<16 {
                m[t] = UInt32(block[4 * t]) | UInt32(block[4 * t + 1]) << 8
                    | UInt32(block[4 * t + 2]) << 16 | UInt32(block[4 * t + 3]) << 24
            }
            var a = a0, b = b0, c = c0, d = d0
            for i in 0..<64 {
                var f: UInt32
                let g: Int
                switch i {
                case 0..<16: f = (b & c) | (~b & d); g = i
                case 16..<32: f = (d & b) | (~d & c); g = (5 * i + 1) % 16
                case 32..<48: f = b ^ c ^ d; g = (3 * i + 5) % 16
                default: f = c ^ (b | ~d); g = (7 * i) % 16
                }
                f = f &+ a &+ Digest.md5K[i] &+ m[g]
                a = d
                d = c
                c = b
                b = b &+ f.rotatedLeft(Digest.md5S[i])
            }
            a0 &+= a; b0 &+= b; c0 &+= c; d0 &+= d
        }
    }

    /// Cuts input into 64-byte blocks and adds the Merkle–Damgård padding both digests share.
    /// Whole blocks are passed straight from the caller's memory; only a block straddling two
    /// updates is copied.
    struct BlockBuffer {
        var partial: [UInt8] = []
        var length: UInt64 = 0

        mutating func feed(_ raw: UnsafeRawBufferPointer, _ compress: (UnsafeRawBufferPointer) -> Void) {
            length &+= UInt64(raw.count)
            var offset = 0
            if !partial.isEmpty {
                let take = min(64 - partial.count, raw.count)
                partial += raw[0..<take]
                offset = take
                if partial.count == 64 {
                    partial.withUnsafeBytes(compress)
                    partial.removeAll(keepingCapacity: true)
                }
            }
            while raw.count - offset >= 64 {
                compress(UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + 64)]))
                offset += 64
            }
            if offset < raw.count { partial += raw[offset...] }
        }

        mutating func finish(bigEndianLength: Bool, _ compress: (UnsafeRawBufferPointer) -> Void) {
            partial.append(0x80)
            if partial.count > 56 {
                partial += [UInt8](repeating: 0, count: 64 - partial.count)
                partial.withUnsafeBytes(compress)
                partial.removeAll(keepingCapacity: true)
            }
            partial += [UInt8](repeating: 0, count: 56 - partial.count)
            let bits = length &* 8
            for i in 0..<8 {
                let shift = bigEndianLength ? UInt64(56 - 8 * i) : UInt64(8 * i)
                partial.append(UInt8(truncatingIfNeeded: bits >> shift))
            }
            partial.withUnsafeBytes(compress)
        }
    }

    /// The bytes of `value` in memory order as hex (callers pass the byte order they need).
    static func hex(_ value: UInt32) -> String {
        withUnsafeBytes(of: value) { raw in
            raw.map { byte in
                let digits = String(byte, radix: 16)
                return digits.count == 1 ? "0" + digits : digits
            }.joined()
        }
    }

    static let sha256K: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    static let md5S: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ]

    /// floor(|sin(i + 1)| · 2³²), the MD5 round constants.
    static let md5K: [UInt32] = (0..<64).map {
        UInt32(truncatingIfNeeded: Int64(abs(sin(Double($0 + 1))) * 4_294_967_296))
    }
}

extension UInt32 {
    @inline(__always) func rotatedRight(_ n: UInt32) -> UInt32 { (self >> n) | (self << (32 - n)) }
    @inline(__always) func rotatedLeft(_ n: UInt32) -> UInt32 { (self << n) | (self >> (32 - n)) }
}
