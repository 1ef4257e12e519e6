import Foundation
@testable import MediaMatch

/// Small files built in the tests: PNGs with any header (stored deflate blocks, real CRCs),
/// synthetic pictures, and ffmpeg conversions.
enum TestImages {
    /// A picture with structure at several scales, so its PDQ quality is high.
    static func pattern(width: Int, height: Int, seed: Int = 0) -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let i = 3 * (y * width + x)
                let fx = Double(x) / Double(width), fy = Double(y) / Double(height)
                let s = Double(seed)
                pixels[i] = UInt8(127.5 + 127.5 * sin(6.0 * fx + 4.0 * fy + s))
                pixels[i + 1] = UInt8(127.5 + 127.5 * sin(11.0 * fy - 3.0 * fx + 2 * s))
                pixels[i + 2] = ((x / 16 + y / 16 + seed) % 2 == 0) ? 220 : 30
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)!
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    static func chunk(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + payload
        return bigEndian(UInt32(payload.count)) + body + bigEndian(crc32(body))
    }

    /// zlib stream of stored (uncompressed) blocks.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let n = min(65_535, data.count - offset)
            let last: UInt8 = offset + n >= data.count ? 1 : 0
            out += [last, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[offset..<(offset + n)]
            offset += n
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + bigEndian(b << 16 | a)
    }

    /// An 8-bit RGB PNG declaring `width`×`height`; `rows` are the filtered scanlines (nil: no
    /// IDAT at all, a header-only bomb).
    static func png(width: UInt32, height: UInt32, colorType: UInt8 = 2, scanlines: [UInt8]?) -> Data {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var bytes = signature
        bytes += chunk("IHDR", bigEndian(width) + bigEndian(height) + [8, colorType, 0, 0, 0])
        if let scanlines { bytes += chunk("IDAT", zlibStored(scanlines)) }
        bytes += chunk("IEND", [])
        return Data(bytes)
    }

    /// A real RGB PNG of the image (filter type 0 on every row).
    static func png(_ image: RGBImage) -> Data {
        var raw: [UInt8] = []
        raw.reserveCapacity(image.height * (1 + image.width * 3))
        for y in 0..<image.height {
            raw.append(0)
            raw += image.pixels[(y * image.width * 3)..<((y + 1) * image.width * 3)]
        }
        return png(width: UInt32(image.width), height: UInt32(image.height), scanlines: raw)
    }

    static func meanAbsoluteDifference(_ a: RGBImage, _ b: RGBImage) -> Double {
        guard a.width == b.width, a.height == b.height else { return .infinity }
        var total = 0
        for i in 0..<a.pixels.count { total += abs(Int(a.pixels[i]) - Int(b.pixels[i])) }
        return Double(total) / Double(a.pixels.count)
    }
}

/// ffmpeg as a test helper, to make PNG, GIF, WebP and video files.
enum FFmpeg {
    static let path: String? = ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static var isAvailable: Bool { path != nil }

    @discardableResult
    static func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path ?? "/usr/bin/ffmpeg")
        process.arguments = ["-nostdin", "-hide_banner", "-loglevel", "error", "-y"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Converts an image file with a pixel format and output extension.
    static func convert(_ input: URL, to output: URL, pixelFormat: String, extra: [String] = []) throws -> Data {
        let status = try run(["-i", input.path, "-pix_fmt", pixelFormat] + extra + [output.path])
        guard status == 0 else { throw CocoaError(.fileWriteUnknown) }
        return try Data(contentsOf: output)
    }
}
