import Foundation
import Testing
@testable import MediaMatch

@Suite struct PDQHasherTests {
    @Test func fixturesArePresent() throws {
        #expect(Fixtures.shared != nil)
        #expect(Fixtures.expected.count >= 20)
        #expect(Fixtures.expected.filter { $0.pixels != nil }.count >= 10)
    }

    @Test func pixelsHashBitExactlyAsTheReference() throws {
        for row in Fixtures.expected {
            guard let pixels = row.pixels else { continue }
            let image = try #require(Fixtures.readPPM(try Fixtures.data(pixels)), "\(pixels)")
            #expect(image.width == row.width && image.height == row.height)
            let result = try PDQHasher.hash(image)
            #expect(result.hash == row.hash,
                    "\(pixels): \(result.hash.hex) distance \(result.hash.distance(to: row.hash))")
            #expect(result.quality == row.quality, "\(pixels)")
        }
    }

    @Test func decodedFilesHashWithinEightBitsOfTheReference() throws {
        let decoder = ImageDecoder()
        for row in Fixtures.expected {
            let image = try decoder.decode(try Fixtures.data(row.image))
            #expect(image.width == row.width && image.height == row.height, "\(row.image)")
            let result = try PDQHasher.hash(image)
            let distance = result.hash.distance(to: row.hash)
            #expect(distance <= 8, "\(row.image): distance \(distance)")
            #expect(abs(result.quality - row.quality) <= 5, "\(row.image): quality \(result.quality)")
        }
    }
}

@Suite struct PDQDihedralTests {
    @Test func eightTransformsOfOneDCTMatchTheTransformedFiles() throws {
        let original = try ImageDecoder().decode(try Fixtures.data("images/bridge-1-original.jpg"))
        let all = try PDQHasher.dihedralHashes(original)
        #expect(all.original == (try PDQHasher.hash(original)).hash)
        let files = [
            "bridge-2-rotate-90", "bridge-3-rotate-180", "bridge-4-rotate-270", "bridge-5-flipx",
            "bridge-6-flipy", "bridge-7-flip-plus-1", "bridge-8-flip-minus-1",
        ]
        let transformed = [
            all.rotate90, all.rotate180, all.rotate270, all.flipX, all.flipY, all.flipPlus1, all.flipMinus1,
        ]
        for (file, hash) in zip(files, transformed) {
            let expected = try #require(Fixtures.expected.first { $0.image == "images/\(file).jpg" })
            let distance = hash.distance(to: expected.hash)
            #expect(distance <= 12, "\(file): \(distance)")
            // And it is not simply the original's hash.
            #expect(all.original.distance(to: expected.hash) > 64, "\(file)")
        }
    }

    @Test func tooSmallImagesAreRefusedNotHashedAsZero() throws {
        for (w, h) in [(4, 100), (100, 4), (1, 100_000), (100_000, 1)] {
            let image = try #require(RGBImage(width: w, height: h, pixels: [UInt8](repeating: 9, count: w * h * 3)))
            #expect(throws: MediaError.tooSmallToHash(width: w, height: h)) { try PDQHasher.hash(image) }
        }
    }

    @Test func flatImageHasZeroQuality() throws {
        let image = try #require(RGBImage(width: 100, height: 80, pixels: [UInt8](repeating: 128, count: 100 * 80 * 3)))
        #expect(try PDQHasher.hash(image).quality == 0)
    }

    @Test func exactly64x64SkipsTheFilterAsTheReferenceDoes() throws {
        let image = TestImages.pattern(width: 64, height: 64)
        var luma = [Float](repeating: 0, count: 64 * 64)
        image.pixels.withUnsafeBufferPointer { rgb in
            luma.withUnsafeMutableBufferPointer { PDQHasher.fillLuma(rgb: rgb, into: $0) }
        }
        let block = luma.withUnsafeMutableBufferPointer { PDQHasher.downsample64(luma: $0, rows: 64, cols: 64) }
        #expect(block == luma)
    }

    @Test func torbenMedianIsTheLowerMiddleValue() {
        #expect(PDQHasher.torbenMedian([4, 1, 3, 2]) == 2)
        #expect(PDQHasher.torbenMedian([5, 1, 3]) == 3)
        #expect(PDQHasher.torbenMedian([7, 7, 7, 7]) == 7)
    }
}
