/// MurmurHash3, x86 32-bit variant (Austin Appleby's reference `MurmurHash3_x86_32`), the hash
/// Shodan's `http.favicon.hash` and Python's `mmh3.hash` compute. Python's `mmh3.hash` returns the
/// value as a signed 32-bit integer; `signed` gives that spelling.
public enum MurmurHash3 {
    public static func x86_32<Bytes: Collection>(_ bytes: Bytes, seed: UInt32 = 0) -> UInt32 where Bytes.Element == UInt8 {
        let c1: UInt32 = 0xcc9e_2d51
        let c2: UInt32 = 0x1b87_3593
        var hash = seed
        var block: UInt32 = 0
        var filled = 0
        var length: UInt32 = 0
        for byte in bytes {
            block |= UInt32(byte) << (8 * UInt32(filled))
            filled += 1
            length &+= 1
            if filled == 4 {
                var k = block &* c1
                k = (k << 15) | (k >> 17)
                k = k &* c2
                hash ^= k
                hash = (hash << 13) | (hash >> 19)
                hash = hash &* 5 &+ 0xe654_6b64
                block = 0
                filled = 0
            }
        }
        if filled > 0 {
            // The tail's bytes are already little-endian in `block`, as the reference's switch builds them.
            var k = block &* c1
            k = (k << 15) | (k >> 17)
            k = k &* c2
            hash ^= k
        }
        hash ^= length
        hash ^= hash >> 16
        hash = hash &* 0x85eb_ca6b
        hash ^= hash >> 13
        hash = hash &* 0xc2b2_ae35
        hash ^= hash >> 16
        return hash
    }

    /// The same value as a signed 32-bit integer, as `mmh3.hash` returns it.
    public static func signed<Bytes: Collection>(_ bytes: Bytes, seed: UInt32 = 0) -> Int32 where Bytes.Element == UInt8 {
        Int32(bitPattern: x86_32(bytes, seed: seed))
    }
}
