import Foundation
import KaiguulCore

/// Which addresses are single video posts that yt-dlp should fetch as a video (the platform table in
/// KaiguulCore decides which platform owns a host; the path forms below are each platform's video posts).
public enum VideoPlatforms {
    /// The platforms whose public video posts Kaiguul captures with yt-dlp.
    public static let platformIDs: Set<String> = ["youtube", "tiktok", "vk", "ok", "instagram", "facebook"]

    public static func isVideoURL(_ url: String) -> Bool {
        guard let parsed = try? NormalisedURL.parse(url), parsed.scheme == "http" || parsed.scheme == "https",
            let platform = PlatformTable.platform(owning: parsed.host), platformIDs.contains(platform.id)
        else { return false }
        let host = parsed.host
        let segments = parsed.pathSegments.map { $0.lowercased() }
        let first = segments.first ?? ""
        let hasID = segments.count >= 2 && !segments[1].isEmpty
        switch platform.id {
        case "youtube":
            if host == "youtu.be" { return segments.count == 1 }
            if first == "watch" { return parsed.queryValue("v")?.isEmpty == false }
            return ["shorts", "live", "embed", "v"].contains(first) && hasID
        case "tiktok":
            // Short links (`vm.tiktok.com/ZM…`) lead to one video.
            if host == "vm.tiktok.com" || host == "vt.tiktok.com" { return segments.count == 1 }
            if first.hasPrefix("@"), segments.count >= 3, segments[1] == "video" { return isNumber(segments[2]) }
            if first == "embed" { return segments.count >= 2 && segments.last.map(isNumber) == true }
            return false
        case "vk":
            // `video-123_456`, `video123_456`, `clip-123_456`, on vk.com or vkvideo.ru, or as `?z=video…` over a page.
            if segments.count == 1, isVKVideo(first) { return true }
            if let overlay = parsed.queryValue("z") ?? parsed.queryValue("w"),
                isVKVideo(overlay.split(whereSeparator: { $0 == "/" || $0 == "%" }).first.map { String($0).lowercased() } ?? "")
            {
                return true
            }
            return false
        case "ok":
            return (first == "video" || first == "live") && segments.count == 2 && isNumber(segments[1])
        case "instagram":
            let index = ["p", "reel", "reels", "tv"].contains(first) ? 0 : 1
            guard segments.count >= index + 2 else { return false }
            return ["p", "reel", "reels", "tv"].contains(segments[index]) && !segments[index + 1].isEmpty
        case "facebook":
            if host == "fb.watch" { return segments.count == 1 }
            if first == "watch" { return parsed.queryValue("v").map(isNumber) == true }
            if first == "reel" { return hasID }
            if first == "video.php" { return parsed.queryValue("v").map(isNumber) == true }
            // `name/videos/123` and `name/videos/title/123`.
            return segments.count >= 3 && segments[1] == "videos" && segments.last.map(isNumber) == true
        default:
            return false
        }
    }

    private static func isNumber(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (48...57).contains($0) }
    }

    private static func isVKVideo(_ segment: String) -> Bool {
        for prefix in ["video", "clip"] where segment.hasPrefix(prefix) {
            var rest = segment.dropFirst(prefix.count)
            if rest.hasPrefix("-") { rest = rest.dropFirst() }
            let parts = rest.split(separator: "_", omittingEmptySubsequences: false)
            return parts.count == 2 && parts.allSatisfy { isNumber(String($0)) }
        }
        return false
    }
}
