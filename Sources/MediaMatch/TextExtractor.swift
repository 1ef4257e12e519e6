import Foundation

/// Why text could not be read from an image.
public enum TextExtractionError: Error, Sendable, Equatable, CustomStringConvertible {
    case tool(ExternalToolError)
    case image(MediaError)
    /// None of the requested languages is installed for tesseract.
    case noLanguages(requested: [String])
    case cannotWriteTemporaryFile(String)

    public var description: String {
        switch self {
        case let .tool(error): error.description
        case let .image(error): error.description
        case let .noLanguages(requested):
            "tesseract has none of the languages \(requested.joined(separator: "+"))"
                + " (apt-get install tesseract-ocr-kir …)"
        case let .cannotWriteTemporaryFile(message): "cannot write a temporary file: \(message)"
        }
    }
}

/// Reads text in images with tesseract (Kyrgyz, Russian, Kazakh, Uzbek, English), for the text
/// analysis. The image is decoded by our own bounded decoders and handed to tesseract as a
/// plain PPM, so tesseract's image libraries never see the hostile file.
public struct TextExtractor: Sendable {
    public static let defaultLanguages = ["kir", "rus", "kaz", "uzb", "eng"]

    public var tesseract: String
    public var languages: [String]
    public var timeout: Double
    public var decoder: ImageDecoder
    public var maxTextBytes: Int

    public init(tesseract: String = "tesseract", languages: [String] = TextExtractor.defaultLanguages,
                timeout: Double = 120, decoder: ImageDecoder = ImageDecoder(maxPixels: 16_000_000),
                maxTextBytes: Int = 1 << 20) {
        self.tesseract = tesseract
        self.languages = languages
        self.timeout = timeout
        self.decoder = decoder
        self.maxTextBytes = maxTextBytes
    }

    /// Whether tesseract can be found; the rest of MediaMatch works without it.
    public var isAvailable: Bool { ExternalTool.locate(tesseract) != nil }

    /// The installed languages among those requested.
    public func installedLanguages() throws(TextExtractionError) -> [String] {
        guard let tool = ExternalTool.locate(tesseract) else { throw .tool(.missing(tool: "tesseract")) }
        var output = Data()
        do {
            _ = try tool.run(["--list-langs"], timeout: 30) { chunk in
                output.append(chunk)
                return output.count < 65_536
            }
        } catch {
            throw .tool(error)
        }
        let listed = Set(String(decoding: output, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) })
        return languages.filter(listed.contains)
    }

    public func extractText(from data: Data) throws(TextExtractionError) -> String {
        let image: RGBImage
        do {
            image = try decoder.decode(data)
        } catch {
            throw .image(error)
        }
        return try extractText(from: image)
    }

    public func extractText(from image: RGBImage) throws(TextExtractionError) -> String {
        guard let tool = ExternalTool.locate(tesseract) else { throw .tool(.missing(tool: "tesseract")) }
        let installed = try installedLanguages()
        guard !installed.isEmpty else { throw .noLanguages(requested: languages) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-ocr-\(UUID().uuidString).ppm")
        do {
            var ppm = Data("P6\n\(image.width) \(image.height)\n255\n".utf8)
            ppm.append(contentsOf: image.pixels)
            try ppm.write(to: url)
        } catch {
            throw .cannotWriteTemporaryFile(error.localizedDescription)
        }
        defer { try? FileManager.default.removeItem(at: url) }
        var output = Data()
        let limit = maxTextBytes
        do {
            _ = try tool.run([url.path, "stdout", "-l", installed.joined(separator: "+")], timeout: timeout) { chunk in
                output.append(chunk.prefix(max(0, limit - output.count)))
                return output.count < limit
            }
        } catch {
            throw .tool(error)
        }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
