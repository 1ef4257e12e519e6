import Foundation
import Testing
@testable import MediaMatch

@Suite struct ImageDecoderTests {
    let pattern = TestImages.pattern(width: 96, height: 64, seed: 3)

    @Test func pngRoundTripsExactly() throws {
        let decoded = try ImageDecoder().decode(TestImages.png(pattern))
        #expect(decoded == pattern)
    }

    @Test func jpegInEveryColourLayout() throws {
        let decoder = ImageDecoder()
        for layout in [JPEGEncoder.Layout.rgb, .cmyk, .cmykAdobe] {
            for progressive in [false, true] {
                let data = try JPEGEncoder.encode(pattern, quality: 95, progressive: progressive, layout: layout)
                let decoded = try decoder.decode(data)
                let difference = TestImages.meanAbsoluteDifference(decoded, pattern)
                #expect(difference < 6, "\(layout) progressive=\(progressive): \(difference)")
            }
        }
        // Greyscale: every channel equal, and close to the luminance.
        let grey = try decoder.decode(try JPEGEncoder.encode(pattern, quality: 95, layout: .grey))
        #expect(grey.width == pattern.width && grey.height == pattern.height)
        var total = 0
        for i in 0..<grey.pixelCount {
            #expect(grey.pixels[3 * i] == grey.pixels[3 * i + 1] && grey.pixels[3 * i] == grey.pixels[3 * i + 2])
            let p = pattern.pixels
            let luma = (299 * Int(p[3 * i]) + 587 * Int(p[3 * i + 1]) + 114 * Int(p[3 * i + 2])) / 1000
            total += abs(luma - Int(grey.pixels[3 * i]))
        }
        #expect(Double(total) / Double(grey.pixelCount) < 6)
    }

    @Test func adobeInversionIsHonoured() throws {
        // Decoding inverted CMYK as plain (or the reverse) would give a photographic negative.
        let plain = try ImageDecoder().decode(try JPEGEncoder.encode(pattern, quality: 95, layout: .cmyk))
        let adobe = try ImageDecoder().decode(try JPEGEncoder.encode(pattern, quality: 95, layout: .cmykAdobe))
        #expect(TestImages.meanAbsoluteDifference(plain, adobe) < 6)
    }

    @Test(.enabled(if: FFmpeg.isAvailable, "ffmpeg makes the PNG, GIF and WebP variants"))
    func pngPaletteSixteenBitAlphaGreyGifAndWebP() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("source.png")
        try TestImages.png(pattern).write(to: source)
        let decoder = ImageDecoder()
        let cases: [(String, String, [String], Double)] = [
            // ffmpeg's own 8- to 16-bit conversion is off by one here and there.
            ("rgb48.png", "rgb48be", [], 0.6),
            ("rgba.png", "rgba", [], 0.01),
            ("rgba64.png", "rgba64be", [], 0.6),
            // ffmpeg's palette is a fixed 3-3-2 one, so the loss is large but bounded.
            ("palette.png", "pal8", [], 25),
            ("lossless.webp", "bgra", ["-lossless", "1"], 0.01),
            ("lossy.webp", "yuv420p", ["-quality", "90"], 8),
            ("first.gif", "pal8", [], 25),
        ]
        for (name, format, extra, tolerance) in cases {
            let data = try FFmpeg.convert(source, to: dir.appendingPathComponent(name), pixelFormat: format,
                                          extra: extra)
            let decoded = try decoder.decode(data)
            let difference = TestImages.meanAbsoluteDifference(decoded, pattern)
            #expect(difference <= tolerance, "\(name): \(difference)")
        }
        let grey = try decoder.decode(try FFmpeg.convert(source, to: dir.appendingPathComponent("g.png"),
                                                         pixelFormat: "gray"))
        #expect(grey.width == 96 && (0..<grey.pixelCount).allSatisfy { grey.pixels[3 * $0] == grey.pixels[3 * $0 + 2] })
        let grey16 = try decoder.decode(try FFmpeg.convert(source, to: dir.appendingPathComponent("g16.png"),
                                                           pixelFormat: "gray16be"))
        #expect(TestImages.meanAbsoluteDifference(grey, grey16) < 1.5)

        // 16-bit samples are scaled to 8 bits with rounding: compare with the file's own samples.
        let raw = dir.appendingPathComponent("rgb48.raw")
        try FFmpeg.run(["-i", dir.appendingPathComponent("rgb48.png").path, "-f", "rawvideo", "-pix_fmt", "rgb48le",
                        raw.path])
        let samples = [UInt8](try Data(contentsOf: raw))
        let decoded16 = try decoder.decode(try Data(contentsOf: dir.appendingPathComponent("rgb48.png")))
        #expect(samples.count == decoded16.pixels.count * 2)
        var worst = 0.0
        for i in 0..<min(decoded16.pixels.count, samples.count / 2) {
            let value = Double(Int(samples[2 * i]) | Int(samples[2 * i + 1]) << 8) / 257
            worst = max(worst, abs(value - Double(decoded16.pixels[i])))
        }
        #expect(worst <= 0.5 + 1e-9)
    }

    @Test(.enabled(if: FFmpeg.isAvailable, "ffmpeg makes the animated GIF"))
    func animatedGifGivesItsFirstFrame() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = dir.appendingPathComponent("a.png"), second = dir.appendingPathComponent("b.png")
        try TestImages.png(pattern).write(to: first)
        try TestImages.png(TestImages.pattern(width: 96, height: 64, seed: 9)).write(to: second)
        let gif = dir.appendingPathComponent("anim.gif")
        let status = try FFmpeg.run(["-framerate", "1", "-i", dir.appendingPathComponent("%*.png").path,
                                     "-pattern_type", "glob", gif.path])
        let data: Data
        if status == 0 {
            data = try Data(contentsOf: gif)
        } else {
            // Older ffmpeg: list the two frames with the concat of two inputs.
            try FFmpeg.run(["-i", first.path, "-i", second.path, "-filter_complex", "[0][1]concat=n=2", gif.path])
            data = try Data(contentsOf: gif)
        }
        let decoded = try ImageDecoder().decode(data)
        let toFirst = TestImages.meanAbsoluteDifference(decoded, pattern)
        let toSecond = TestImages.meanAbsoluteDifference(decoded, TestImages.pattern(width: 96, height: 64, seed: 9))
        #expect(toFirst < toSecond, "first \(toFirst), second \(toSecond)")
    }

    @Test func exifOrientationIsApplied() throws {
        // Four distinct corners in large blocks, so JPEG keeps their colours.
        var pixels = [UInt8](repeating: 128, count: 64 * 32 * 3)
        let colours: [(Int, Int, [UInt8])] = [(0, 0, [255, 0, 0]), (1, 0, [0, 255, 0]), (0, 1, [0, 0, 255]),
                                              (1, 1, [255, 255, 0])]
        for (cx, cy, colour) in colours {
            for y in (cy * 16)..<(cy * 16 + 16) {
                for x in (cx * 48)..<(cx * 48 + 16) {
                    pixels.replaceSubrange((3 * (y * 64 + x))..<(3 * (y * 64 + x) + 3), with: colour)
                }
            }
        }
        let stored = try #require(RGBImage(width: 64, height: 32, pixels: pixels))
        let jpeg = [UInt8](try JPEGEncoder.encode(stored, quality: 95))
        // Where the stored top-left (red) corner is displayed, per EXIF orientation.
        let redAt: [Int: (Bool, Bool)] = [1: (false, false), 2: (true, false), 3: (true, true), 4: (false, true),
                                          5: (false, false), 6: (true, false), 7: (true, true), 8: (false, true)]
        for orientation in 1...8 {
            let data = Data(Self.withExifOrientation(jpeg, orientation: orientation, bigEndian: orientation % 2 == 0))
            #expect(ImageDecoder.exifOrientation(data) == orientation)
            let image = try ImageDecoder().decode(data)
            let transposed = orientation >= 5
            #expect(image.width == (transposed ? 32 : 64) && image.height == (transposed ? 64 : 32))
            let (right, bottom) = try #require(redAt[orientation])
            let x = right ? image.width - 4 : 3, y = bottom ? image.height - 4 : 3
            let p = 3 * (y * image.width + x)
            #expect(image.pixels[p] > 200 && image.pixels[p + 1] < 60 && image.pixels[p + 2] < 60,
                    "orientation \(orientation)")
            let unrotated = try ImageDecoder(appliesOrientation: false).decode(data)
            #expect(unrotated.width == 64)
        }
    }

    /// Inserts an APP1 Exif segment with one IFD entry (0x0112) after SOI.
    static func withExifOrientation(_ jpeg: [UInt8], orientation: Int, bigEndian: Bool) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] {
            bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)]
        }
        func u32(_ v: Int) -> [UInt8] { bigEndian ? u16(v >> 16) + u16(v & 0xFFFF) : u16(v & 0xFFFF) + u16(v >> 16) }
        var tiff: [UInt8] = bigEndian ? [0x4D, 0x4D] : [0x49, 0x49]
        tiff += u16(42) + u32(8) + u16(2)
        tiff += u16(0x010F) + u16(2) + u32(4) + [0x41, 0x42, 0x43, 0] // Make "ABC", inline
        tiff += u16(0x0112) + u16(3) + u32(1) + u16(orientation) + u16(0)
        tiff += u32(0)
        let payload = Array("Exif".utf8) + [0, 0] + tiff
        let length = payload.count + 2
        let segment: [UInt8] = [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
        return Array(jpeg[0..<2]) + segment + Array(jpeg[2...])
    }

    @Test func formatComesFromMagicBytesNotTheName() throws {
        #expect(ImageFormat.detect(Array(TestImages.png(pattern))) == .png)
        #expect(ImageFormat.detect(Array(try JPEGEncoder.encode(pattern))) == .jpeg)
        #expect(ImageFormat.detect(Array("GIF89a......".utf8)) == .gif)
        #expect(ImageFormat.detect(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == .webp)
        #expect(ImageFormat.detect(Array("hello, this is text".utf8)) == .unknown)
        #expect(ImageFormat.detect([UInt8]()) == .unknown)

        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A PNG named .jpg decodes as PNG; text named .jpg is refused as not an image.
        let misnamed = dir.appendingPathComponent("photo.jpg")
        try TestImages.png(pattern).write(to: misnamed)
        #expect(try ImageDecoder().decode(contentsOf: misnamed) == pattern)
        let text = dir.appendingPathComponent("text.jpg")
        try Data("this is not a picture\n".utf8).write(to: text)
        #expect(throws: MediaError.unknownFormat) { try ImageDecoder().decode(contentsOf: text) }
    }
}

@Suite struct ThumbnailTests {
    @Test func thumbnailsFitAndKeepTheirContent() throws {
        let data = try Fixtures.data("images/bridge-1-original.jpg")
        let thumbnail = try Thumbnail.jpeg(from: data, maxDimension: 320)
        let image = try ImageDecoder().decode(thumbnail)
        #expect(image.width == 320 && image.height == 201)
        // Still the same picture for PDQ.
        let expected = try #require(Fixtures.expected.first { $0.image == "images/bridge-1-original.jpg" })
        #expect(try PDQHasher.hash(image).hash.distance(to: expected.hash) <= 31)
        let small = TestImages.pattern(width: 40, height: 30)
        #expect(small.scaled(toFit: 320) == small)
        #expect(throws: MediaError.unknownFormat) { try Thumbnail.jpeg(from: Data("x".utf8)) }
    }
}
