import Foundation
import Testing
@testable import MediaMatch

/// Hostile and broken files: each must end in a clear error, never a crash, and never an
/// allocation sized by what a header claims beyond the limit.
@Suite struct BadInputTests {
    let decoder = ImageDecoder()

    @Test func truncatedJPEGsAreCorrupt() throws {
        for name in ["images/q0122.jpg", "images/bridge-2-rotate-90.jpg", "images/small.jpg"] {
            let data = try Fixtures.data(name)
            for fraction in [0.1, 0.5, 0.9] {
                let cut = data.prefix(Int(Double(data.count) * fraction))
                #expect(throws: MediaError.self, "\(name) at \(fraction)") { try decoder.decode(cut) }
                do {
                    _ = try decoder.decode(cut)
                } catch {
                    guard case .corrupt(.jpeg, _) = error else {
                        Issue.record("\(name) at \(fraction): \(error)")
                        continue
                    }
                }
            }
        }
        #expect(throws: MediaError.self) { try decoder.decode(Data([0xFF, 0xD8, 0xFF])) }
    }

    @Test func pngBombIsRefusedFromItsHeader() throws {
        // 100000 × 100000 declared, four bytes of pixel data: refused before anything is allocated.
        let bomb = TestImages.png(width: 100_000, height: 100_000, scanlines: [0, 0, 0, 0])
        #expect(bomb.count < 100)
        #expect(throws: MediaError.tooManyPixels(width: 100_000, height: 100_000, limit: decoder.maxPixels)) {
            try decoder.decode(bomb)
        }
        // Within libpng's own limits but above ours.
        let wide = TestImages.png(width: 6000, height: 5000, scanlines: [0, 1, 2, 3])
        #expect(throws: MediaError.tooManyPixels(width: 6000, height: 5000, limit: 25_000_000)) {
            try ImageDecoder(maxPixels: 25_000_000).decode(wide)
        }
        // Allowed dimensions but the pixel data is missing: corrupt, not a crash.
        let hollow = TestImages.png(width: 500, height: 500, scanlines: [0, 1, 2, 3])
        #expect(throws: MediaError.self) { try decoder.decode(hollow) }
    }

    @Test func jpegDeclaringHugeDimensionsIsRefused() throws {
        var bytes = [UInt8](try JPEGEncoder.encode(TestImages.pattern(width: 16, height: 16)))
        // Patch the baseline frame header (FFC0: length, precision, height, width).
        let sof = try #require((0..<(bytes.count - 1)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes[sof + 5] = 0xEA; bytes[sof + 6] = 0x60  // height 60000
        bytes[sof + 7] = 0xEA; bytes[sof + 8] = 0x60  // width 60000
        #expect(throws: MediaError.tooManyPixels(width: 60_000, height: 60_000, limit: decoder.maxPixels)) {
            try decoder.decode(Data(bytes))
        }
    }

    @Test func zeroSizeImagesAreErrors() throws {
        #expect(throws: MediaError.empty("no data")) { try decoder.decode(Data()) }
        // libpng rejects a zero dimension in IHDR itself.
        let zero = TestImages.png(width: 0, height: 10, scanlines: [0])
        #expect(throws: MediaError.self) { try decoder.decode(zero) }
        // A GIF whose screen and frame are 0 × 0.
        var gif = Array("GIF89a".utf8) + [0, 0, 0, 0, 0x80, 0, 0] + [0, 0, 0, 255, 255, 255]
        gif += [0x2C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0x4C, 0x01, 0, 0x3B]
        do {
            _ = try decoder.decode(Data(gif))
            Issue.record("a 0×0 GIF decoded")
        } catch {
            switch error {
            case .empty, .corrupt(.gif, _): break
            default: Issue.record("unexpected \(error)")
            }
        }
        // A JPEG whose frame header says height 0.
        var jpeg = [UInt8](try JPEGEncoder.encode(TestImages.pattern(width: 16, height: 16)))
        let sof = try #require((0..<(jpeg.count - 1)).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        jpeg[sof + 5] = 0; jpeg[sof + 6] = 0
        #expect(throws: MediaError.self) { try decoder.decode(Data(jpeg)) }
    }

    @Test func oneByHundredThousandDecodesButIsTooSmallToHash() throws {
        let tall = TestImages.png(width: 1, height: 100_000, scanlines: [UInt8](repeating: 0, count: 4 * 100_000))
        let image = try decoder.decode(tall)
        #expect(image.width == 1 && image.height == 100_000)
        #expect(throws: MediaError.tooSmallToHash(width: 1, height: 100_000)) { try PDQHasher.hash(image) }
        let analysis = MediaAnalyzer(matcher: MediaMatcher(bank: MediaBank())).analyze(data: tall)
        #expect(analysis.pdq == nil)
        #expect(analysis.problem == .tooSmallToHash(width: 1, height: 100_000))
        #expect(analysis.sha256.count == 64)
    }

    @Test func corruptGIFsAreErrors() throws {
        let header = Array("GIF89a".utf8) + [2, 0, 2, 0, 0x80, 0, 0] + [0, 0, 0, 255, 255, 255]
        let descriptor: [UInt8] = [0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0]
        // LZW codes that reference entries not yet defined.
        let garbage = header + descriptor + [2, 4, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x3B]
        #expect(throws: MediaError.self) { try decoder.decode(Data(garbage)) }
        // Truncated inside the frame.
        let truncated = header + descriptor + [2, 2, 0x44]
        #expect(throws: MediaError.self) { try decoder.decode(Data(truncated)) }
        // Only the signature.
        #expect(throws: MediaError.self) { try decoder.decode(Data("GIF89a".utf8)) }
        // No image at all before the trailer.
        #expect(throws: MediaError.self) { try decoder.decode(Data(header + [0x3B])) }
    }

    @Test func textNamedJpgIsNotAnImage() throws {
        let analyzer = MediaAnalyzer(matcher: MediaMatcher(bank: MediaBank()))
        let analysis = analyzer.analyze(data: Data("<html>no</html>".utf8))
        #expect(analysis.problem == .unknownFormat)
        #expect(analysis.format == .unknown)
    }

    @Test func inputOverTheByteLimitIsNotRead() throws {
        let small = ImageDecoder(maxBytes: 100)
        #expect(throws: MediaError.inputTooLarge(bytes: 1000, limit: 100)) { try small.decode(Data(count: 1000)) }
    }

    /// Cut and flipped versions of every format: whatever happens, an image or a MediaError.
    @Test func mangledFilesNeverCrash() throws {
        var generator = SplitMix64(seed: 42)
        var samples: [Data] = [
            try Fixtures.data("images/wee.jpg"), try Fixtures.data("images/small.jpg"),
            TestImages.png(TestImages.pattern(width: 20, height: 20)),
            try JPEGEncoder.encode(TestImages.pattern(width: 24, height: 24), progressive: true, layout: .cmykAdobe),
        ]
        samples.append(Data(Array("GIF89a".utf8) + [2, 0, 2, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255,
                                                    0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3B]))
        var decodedCount = 0, errorCount = 0
        for sample in samples {
            for _ in 0..<60 {
                var bytes = [UInt8](sample)
                switch generator.next() % 3 {
                case 0: bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count))))
                case 1:
                    for _ in 0..<(1 + generator.next() % 8) {
                        bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
                    }
                default:
                    let at = Int(generator.next() % UInt64(bytes.count))
                    bytes.insert(contentsOf: [UInt8](repeating: 0xFF, count: Int(generator.next() % 64)), at: at)
                }
                do {
                    let image = try ImageDecoder(maxPixels: 4_000_000).decode(Data(bytes))
                    decodedCount += 1
                    _ = try? PDQHasher.hash(image)
                } catch {
                    errorCount += 1
                }
                _ = ImageDecoder.exifOrientation(Data(bytes))
            }
        }
        #expect(decodedCount + errorCount == samples.count * 60)
        #expect(errorCount > 0)
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
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
