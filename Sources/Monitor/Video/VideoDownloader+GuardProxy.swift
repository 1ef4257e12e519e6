import Foundation

extension VideoDownloader {
    /// Fetches one public video post: info JSON, thumbnail, subtitles and the video file, into `directory`
    /// (created if missing; the caller removes it after recording the files). yt-dlp reaches the network only
    /// through `proxy`; what the proxy refused during the capture is in `refusals`.
    public func capture(_ url: String, through proxy: GuardProxy, into directory: URL) async -> VideoCaptureResult {
        await capture(url, proxyURL: proxy.url, refusals: { proxy.refusals() }, into: directory)
    }

    /// The latest `limit` posts of a channel or account, newest first as the platform lists them, read without
    /// fetching each post (yt-dlp's flat listing: ids, addresses, titles, sometimes durations and counts).
    public func list(_ channelURL: String, limit: Int, through proxy: GuardProxy)
        async -> Result<[VideoInfo], VideoFailure>
    {
        await list(channelURL, limit: limit, proxyURL: proxy.url, refusals: { proxy.refusals() })
    }
}
