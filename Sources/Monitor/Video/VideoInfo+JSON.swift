import Foundation

extension VideoInfo {
    /// Longest text kept per field; the info JSON itself is stored verbatim beside it.
    static let maximumTitleLength = 2_000
    static let maximumDescriptionLength = 100_000
    static let maximumFieldLength = 2_048
    static let maximumTags = 200
    static let maximumLanguages = 300

    /// Reads yt-dlp's info JSON (`--write-info-json`, or one line of `--dump-json`). Nil when the bytes are
    /// not a JSON object or lack an id; fields of the wrong type are left out rather than failing the whole.
    public static func parse(infoJSON bytes: [UInt8]) -> VideoInfo? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            as? [String: Any]
        else { return nil }
        return parse(object)
    }

    static func parse(_ json: [String: Any]) -> VideoInfo? {
        guard let id = text(json["id"], limit: maximumFieldLength), !id.isEmpty else { return nil }
        // A flat channel listing names the extractor of each entry as `ie_key` (its `extractor_key` is the
        // listing's, `YoutubeTab`); a full extraction as `extractor_key` (`Youtube`) beside the lower-case `extractor`.
        let isListEntry = (json["_type"] as? String) == "url"
        let extractor = (isListEntry ? text(json["ie_key"], limit: 100) : nil)
            ?? text(json["extractor_key"], limit: 100) ?? text(json["ie_key"], limit: 100)
            ?? text(json["extractor"], limit: 100) ?? "Generic"
        var info = VideoInfo(id: id, extractor: extractor)
        info.webpageURL = webURL(json["webpage_url"])
        // In a flat listing `url` is the entry's own address and `webpage_url`, when present, may be the channel's.
        if (json["_type"] as? String) == "url", let url = webURL(json["url"]) {
            info.webpageURL = url
        } else if info.webpageURL == nil, json["_type"] == nil, let url = webURL(json["original_url"]) {
            info.webpageURL = url
        }
        info.title = text(json["title"], limit: maximumTitleLength) ?? text(json["fulltitle"], limit: maximumTitleLength)
        info.description = text(json["description"], limit: maximumDescriptionLength)
        info.uploader = text(json["uploader"], limit: maximumFieldLength)
        info.uploaderID = text(json["uploader_id"], limit: maximumFieldLength)
        info.uploaderURL = webURL(json["uploader_url"])
        info.channel = text(json["channel"], limit: maximumFieldLength)
        info.channelID = text(json["channel_id"], limit: maximumFieldLength)
        info.channelURL = webURL(json["channel_url"])
        info.published = date(timestamp: json["timestamp"]) ?? date(timestamp: json["release_timestamp"])
            ?? date(yyyymmdd: json["upload_date"]) ?? date(yyyymmdd: json["release_date"])
        info.duration = number(json["duration"]).flatMap { $0 >= 0 && $0 < 1e9 ? $0 : nil }
        info.viewCount = count(json["view_count"])
        info.likeCount = count(json["like_count"])
        info.commentCount = count(json["comment_count"])
        info.repostCount = count(json["repost_count"])
        info.thumbnailURL = webURL(json["thumbnail"]) ?? bestThumbnail(json["thumbnails"])
        if let tags = json["tags"] as? [Any] {
            info.tags = Array(tags.compactMap { text($0, limit: 200) }.filter { !$0.isEmpty }.prefix(maximumTags))
        }
        info.subtitleLanguages = languages(json["subtitles"])
        info.automaticCaptionLanguages = languages(json["automatic_captions"])
        return info
    }

    /// A string (or a number some extractors give for ids), trimmed of NULs and cut to `limit` characters.
    static func text(_ value: Any?, limit: Int) -> String? {
        let string: String
        switch value {
        case let value as String: string = value
        case let value as Int: string = String(value)
        default: return nil
        }
        let cleaned = string.replacingOccurrences(of: "\u{0}", with: "")
        return cleaned.count > limit ? String(cleaned.prefix(limit)) : cleaned
    }

    /// Only http(s) addresses: a `javascript:` or `file:` value from a hostile page never becomes a link.
    static func webURL(_ value: Any?) -> String? {
        guard let string = text(value, limit: 4_096), let components = URLComponents(string: string),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            components.host?.isEmpty == false
        else { return nil }
        return string
    }

    static func number(_ value: Any?) -> Double? {
        let double: Double
        switch value {
        case let value as Int: double = Double(value)
        case let value as Double: double = value
        case let value as NSNumber: double = value.doubleValue
        default: return nil
        }
        return double.isFinite ? double : nil
    }

    static func count(_ value: Any?) -> Int? {
        guard let double = number(value), double >= 0, double < 1e15 else { return nil }
        return Int(double)
    }

    static func date(timestamp value: Any?) -> Date? {
        // 1990 to 2100: anything else is a wrong unit or a broken page.
        guard let seconds = number(value), seconds > 631_152_000, seconds < 4_102_444_800 else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    static func date(yyyymmdd value: Any?) -> Date? {
        guard let string = value as? String, string.count == 8, string.utf8.allSatisfy({ (48...57).contains($0) }),
            let year = Int(string.prefix(4)), let month = Int(string.dropFirst(4).prefix(2)),
            let day = Int(string.suffix(2)), (1990...2100).contains(year), (1...12).contains(month),
            (1...31).contains(day)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
            calendar.component(.day, from: date) == day
        else { return nil }
        return date
    }

    /// yt-dlp lists thumbnails worst first; the last with a URL is the one it would write.
    static func bestThumbnail(_ value: Any?) -> String? {
        guard let list = value as? [Any] else { return nil }
        return list.reversed().lazy.compactMap { ($0 as? [String: Any]).flatMap { webURL($0["url"]) } }.first
    }

    static func languages(_ value: Any?) -> [String] {
        guard let map = value as? [String: Any] else { return [] }
        let valid = map.keys.filter { key in
            !key.isEmpty && key.count <= 40
                && key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || "0123456789-_".unicodeScalars.contains($0)) }
        }
        return Array(valid.sorted().prefix(maximumLanguages))
    }
}
