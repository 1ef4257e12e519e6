import Foundation
import Testing
@testable import MediaMatch

@Suite(.enabled(if: FFmpeg.isAvailable && TextExtractor().isAvailable && TextRendering.font != nil,
                "needs ffmpeg with drawtext and a TrueType font to render text, and tesseract to read it"))
struct TextExtractorTests {
    @Test func readsRenderedCyrillicAndLatinText() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Invented slogans of a fictional organisation.
        let image = try TextRendering.render(["Кайгуул текшерүү", "Orange Lantern Union"], in: dir)
        let text = try TextExtractor().extractText(from: image)
        #expect(text.contains("Orange Lantern Union"), "\(text)")
        #expect(text.lowercased().contains("кайгуул"), "\(text)")
    }

    @Test func installedLanguagesIncludeKyrgyzAndRussian() throws {
        let installed = try TextExtractor().installedLanguages()
        #expect(installed.contains("kir") && installed.contains("rus") && installed.contains("eng"))
    }

    @Test func corruptImagesAreRefusedBeforeTesseract() {
        #expect(throws: TextExtractionError.image(.unknownFormat)) {
            try TextExtractor().extractText(from: Data("not an image".utf8))
        }
    }
}

enum TextRendering {
    static let font: String? = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"]
        .first { FileManager.default.fileExists(atPath: $0) }

    /// Black text on white with ffmpeg's drawtext, decoded by our PNG decoder.
    static func render(_ lines: [String], in dir: URL) throws -> RGBImage {
        let output = dir.appendingPathComponent("text.png")
        var filters: [String] = []
        for (i, line) in lines.enumerated() {
            let textFile = dir.appendingPathComponent("line\(i).txt")
            try Data(line.utf8).write(to: textFile)
            filters.append("drawtext=fontfile=\(font!):textfile=\(textFile.path)"
                + ":fontsize=48:fontcolor=black:x=30:y=\(40 + 90 * i)")
        }
        try FFmpeg.run(["-f", "lavfi", "-i", "color=c=white:s=900x\(80 + 90 * lines.count)", "-vf",
                        filters.joined(separator: ","), "-frames:v", "1", output.path])
        return try ImageDecoder().decode(Data(contentsOf: output))
    }
}
