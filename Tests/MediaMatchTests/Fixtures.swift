import Foundation
@testable import MediaMatch

/// Locates `<repo root>/../shared/fixtures` from this file, through symlinks, so the tests run
/// from a development package that links this folder as well as from a fresh clone.
enum Fixtures {
    static let shared: URL? = {
        var dir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("../shared/fixtures").standardizedFileURL
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("pdq").path) {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    static var pdq: URL { shared!.appendingPathComponent("pdq") }

    struct Expected {
        let image: String
        let pixels: String?
        let width: Int
        let height: Int
        let hash: PDQHash
        let quality: Int
    }

    static let expected: [Expected] = {
        guard let text = try? String(contentsOf: pdq.appendingPathComponent("expected.tsv"), encoding: .utf8) else {
            return []
        }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, let w = Int(f[2]), let h = Int(f[3]), let hash = PDQHash(hex: f[4]),
                  let q = Int(f[5]) else { return nil }
            return Expected(image: f[0], pixels: f[1].isEmpty ? nil : f[1], width: w, height: h, hash: hash, quality: q)
        }
    }()

    static func data(_ relative: String) throws -> Data {
        try Data(contentsOf: pdq.appendingPathComponent(relative))
    }

    /// Binary PPM (P6, maxval 255) as written by the fixture tools.
    static func readPPM(_ data: Data) -> RGBImage? {
        let bytes = [UInt8](data)
        var fields: [Int] = []
        var index = 2
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "6") else { return nil }
        while fields.count < 3 && index < bytes.count {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D
                || bytes[index] == 0x09 { index += 1 }
            if index < bytes.count, bytes[index] == UInt8(ascii: "#") {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                continue
            }
            var value = 0
            while index < bytes.count, (48...57).contains(bytes[index]) {
                value = value * 10 + Int(bytes[index] - 48)
                index += 1
            }
            fields.append(value)
        }
        index += 1 // the single whitespace after maxval
        guard fields.count == 3, fields[2] == 255 else { return nil }
        let count = fields[0] * fields[1] * 3
        guard bytes.count >= index + count else { return nil }
        return RGBImage(width: fields[0], height: fields[1], pixels: Array(bytes[index..<(index + count)]))
    }

    /// A fresh temporary directory, removed by the caller with `cleanup`.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kaiguul-media-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
