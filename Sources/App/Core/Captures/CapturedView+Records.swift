import Evidence
import Foundation
import Monitor

/// The parts of a video capture a page shows that live only in WARC: the info JSON yt-dlp wrote and the
/// subtitle files. Read back from their `resource` records, bounded, never trusted beyond display.
struct CapturedVideoText: Sendable {
    var info: VideoInfo?
    /// Subtitle text without timing, by capture id.
    var subtitles: [Int: String] = [:]

    static let maxInfoBytes = 4 * 1_048_576
    static let maxSubtitleBytes = 1_048_576
    static let maxSubtitleFiles = 12
    /// Characters of one subtitle shown on a page.
    static let maxSubtitleCharacters = 20_000

    static func read(_ view: CapturedView, warcDirectory: URL) -> CapturedVideoText {
        var text = CapturedVideoText()
        if let info = view.info, let block = resourceBlock(info, directory: warcDirectory, max: maxInfoBytes) {
            text.info = VideoInfo.parse(infoJSON: [UInt8](block))
        }
        for row in view.subtitles.prefix(maxSubtitleFiles) {
            guard let id = row.id, let block = resourceBlock(row, directory: warcDirectory, max: maxSubtitleBytes)
            else { continue }
            text.subtitles[id] = String(SubtitleText.extract([UInt8](block)).prefix(maxSubtitleCharacters))
        }
        return text
    }

    /// The block of the row's `resource` record, or nil (no record, another type, unreadable).
    static func resourceBlock(_ capture: Capture, directory: URL, max: Int) -> Data? {
        guard let name = capture.warcFile, let offset = capture.warcOffset,
              let file = WARCFileName.url(name, in: directory),
              let (header, block) = try? WARCReader.readRecord(file: file, offset: UInt64(offset), maxBlockBytes: max),
              header.type == .resource
        else { return nil }
        return block
    }
}
