import Testing
@testable import MediaMatch

@Suite struct PDQHashTests {
    @Test func hexRoundTripsAndFollowsTheReferenceWordOrder() throws {
        let hex = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
        let hash = try #require(PDQHash(hex: hex))
        #expect(hash.hex == hex)
        #expect(PDQHash(hex: hex.uppercased()) == hash)
        // The reference prints word 15 first; word 0 is the last four digits.
        #expect(hash.word16(0) == 0x9b22)
        #expect(hash.word16(15) == 0xf8f8)
        var one = PDQHash.zero
        one.setBit(0)
        #expect(one.hex == String(repeating: "0", count: 63) + "1")
        var top = PDQHash.zero
        top.setBit(255)
        #expect(top.hex == "8" + String(repeating: "0", count: 63))
        #expect(one.bit(0) && !one.bit(1))
    }

    @Test func rejectsMalformedHex() {
        #expect(PDQHash(hex: "") == nil)
        #expect(PDQHash(hex: String(repeating: "0", count: 63)) == nil)
        #expect(PDQHash(hex: String(repeating: "0", count: 65)) == nil)
        #expect(PDQHash(hex: String(repeating: "g", count: 64)) == nil)
        #expect(PDQHash(hex: " " + String(repeating: "0", count: 63)) == nil)
    }

    @Test func distanceCountsDifferingBits() throws {
        var a = PDQHash.zero
        var b = PDQHash.zero
        for k in [0, 63, 64, 130, 255] { b.flipBit(k) }
        #expect(a.distance(to: b) == 5)
        a.flipBit(130)
        #expect(a.distance(to: b) == 4)
        #expect(b.weight == 5)
        let x = try #require(PDQHash(hex: "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"))
        let y = try #require(PDQHash(hex: "f8f8f0cee0f4a84f06370a2a038f63f0b36e26d596621e1d33e6b39c4e9c9b22"))
        #expect(x.distance(to: y) == 2)
    }
}
