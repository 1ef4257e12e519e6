/// How a page is read. `http` is the guarded fetcher (what the server sent); `browser` is headless
/// Chromium through the guard proxy (what a reader saw: the browser's own traffic, the final DOM and
/// screenshots); `video` is yt-dlp through the guard proxy (a video platform's post or channel: its
/// metadata, thumbnail, subtitles and the video itself).
public enum CaptureMode: String, CaseIterable, Codable, Sendable, Hashable {
    case http, browser, video
}
