import Foundation
import Testing

@testable import Monitor

/// yt-dlp's info JSON of each platform (fixtures written from its documented fields, see the fixtures' README)
/// read into `VideoInfo`.
@Suite struct VideoInfoFixtureTests {
    func info(_ name: String) throws -> VideoInfo {
        try #require(VideoInfo.parse(infoJSON: try VideoTestSupport.fixture(name)))
    }

    static func utc(_ year: Int, _ month: Int, _ day: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    @Test func youtube() throws {
        let info = try info("youtube.info.json")
        #expect(info.id == "Xq3vN0tD7kA" && info.extractor == "Youtube")
        #expect(info.webpageURL == "https://www.youtube.com/watch?v=Xq3vN0tD7kA")
        #expect(info.title == "Тоолордогу таң — чакырык (ойдон чыгарылган)")
        #expect(info.description?.hasPrefix("Ойдон чыгарылган «Тоолордогу таң»") == true)
        #expect(info.uploader == "Тоолордогу таң" && info.uploaderID == "@toolordogu-tan")
        #expect(info.uploaderURL == "https://www.youtube.com/@toolordogu-tan")
        #expect(info.channelID == "UCaaaaaaaaaaaaaaaaaaaaaa")
        #expect(info.channelURL == "https://www.youtube.com/channel/UCaaaaaaaaaaaaaaaaaaaaaa")
        // `timestamp` wins over `upload_date`.
        #expect(info.published == Date(timeIntervalSince1970: 1_741_950_000))
        #expect(info.duration == 187 && info.viewCount == 10452 && info.likeCount == 512 && info.commentCount == 37)
        #expect(info.repostCount == nil)
        #expect(info.thumbnailURL == "https://i.ytimg.com/vi_webp/Xq3vN0tD7kA/maxresdefault.webp")
        #expect(info.tags == ["таң", "тоолор", "fictional"])
        #expect(info.subtitleLanguages == ["ru"])
        #expect(info.automaticCaptionLanguages == ["ky", "ru"])
    }

    @Test func tiktok() throws {
        let info = try info("tiktok.info.json")
        #expect(info.id == "7430000000000000001" && info.extractor == "TikTok")
        #expect(info.uploader == "fictional.dawn" && info.uploaderID == "6900000000000000001")
        #expect(info.uploaderURL == "https://www.tiktok.com/@fictional.dawn")
        #expect(info.channel == "Fictional Dawn")
        #expect(info.published == Date(timeIntervalSince1970: 1_736_935_200))
        #expect(info.duration == 29 && info.viewCount == 88000 && info.likeCount == 4300)
        #expect(info.repostCount == 210 && info.commentCount == 96)
        #expect(info.thumbnailURL == "https://p16-sign.tiktokcdn.com/invented/origin.jpeg")
        #expect(info.subtitleLanguages == ["kir-KG"] && info.automaticCaptionLanguages.isEmpty)
    }

    @Test func vk() throws {
        let info = try info("vk.info.json")
        #expect(info.id == "-200000001_456239017" && info.extractor == "VK")
        #expect(info.webpageURL == "https://vk.com/video-200000001_456239017")
        #expect(info.title == "Северный рассвет — обращение (вымышленное)")
        #expect(info.description == "Вымышленное видео для проверки разбора.\nhttp://vk.com/invented_dawn")
        #expect(info.uploader == "Северный рассвет" && info.uploaderID == "-200000001")
        #expect(info.published == Date(timeIntervalSince1970: 1_733_050_000))
        #expect(info.duration == 143 && info.commentCount == 12 && info.likeCount == 77)
        #expect(info.subtitleLanguages.isEmpty)
    }

    @Test func ok() throws {
        let info = try info("ok.info.json")
        #expect(info.id == "7000000000001" && info.extractor == "Odnoklassniki")
        // No `timestamp`: the upload day at midnight UTC.
        #expect(info.published == Self.utc(2024, 9, 10))
        #expect(info.duration == 64.5 && info.likeCount == 19 && info.viewCount == nil)
        #expect(info.uploader == "Тестовая группа" && info.uploaderID == "550000000001")
        #expect(info.thumbnailURL == "https://i.mycdn.me/getVideoPreview?id=7000000000001&idx=1&type=39")
    }

    @Test func instagram() throws {
        let info = try info("instagram.info.json")
        #expect(info.id == "DAbCdEfGhIj" && info.extractor == "Instagram")
        #expect(info.title == "Video by fictional_dawn" && info.channel == "fictional_dawn")
        #expect(info.uploaderID == "58000000001" && info.uploader == "Fictional Dawn")
        #expect(info.duration == 15.4 && info.likeCount == 640 && info.commentCount == 22)
        #expect(info.published == Date(timeIntervalSince1970: 1_740_000_000))
        #expect(info.webpageURL == "https://www.instagram.com/reel/DAbCdEfGhIj/")
    }

    @Test func facebook() throws {
        let info = try info("facebook.info.json")
        #expect(info.id == "1200000000000001" && info.extractor == "Facebook")
        #expect(info.title == "Fictional Dawn Collective — address")
        #expect(info.uploaderID == "100000000000001" && info.viewCount == 3300)
        #expect(info.duration == 312.45)
        #expect(info.subtitleLanguages == ["en_US"])
        #expect(info.published == Date(timeIntervalSince1970: 1_738_368_000))
    }

    /// A flat channel listing: each entry's own address is `url`; `webpage_url` is the channel tab's.
    @Test func flatChannelListing() throws {
        let text = String(decoding: try VideoTestSupport.fixture("youtube-channel.flat.jsonl"), as: UTF8.self)
        let entries = text.split(separator: "\n").compactMap { VideoInfo.parse(infoJSON: Array($0.utf8)) }
        #expect(entries.map(\.id) == ["Xq3vN0tD7kA", "Bn2wQ5rT8yU"])
        #expect(entries.map(\.webpageURL) == ["https://www.youtube.com/watch?v=Xq3vN0tD7kA",
                                               "https://www.youtube.com/watch?v=Bn2wQ5rT8yU"])
        #expect(entries.allSatisfy { $0.extractor == "Youtube" })
        #expect(entries.first?.thumbnailURL == "https://i.ytimg.com/vi/Xq3vN0tD7kA/hqdefault.jpg")
        #expect(entries.last?.duration == 61)
    }

    /// What a hostile page may put in the JSON: no id, script addresses, wrong types, absurd numbers, huge text.
    @Test func hostileValues() throws {
        #expect(VideoInfo.parse(infoJSON: Array(#"{"title":"no id"}"#.utf8)) == nil)
        #expect(VideoInfo.parse(infoJSON: Array("[1,2]".utf8)) == nil)
        #expect(VideoInfo.parse(infoJSON: Array("not json".utf8)) == nil)
        let long = String(repeating: "ж", count: 150_000)
        let json = """
            {"id": 12345, "extractor_key": "Generic", "webpage_url": "javascript:alert(1)",
             "uploader_url": "file:///etc/passwd", "thumbnail": "data:image/png;base64,AAAA",
             "thumbnails": [{"url": "https://cdn.invalid/a.jpg"}, {"url": "ftp://x/b.jpg"}],
             "title": ["not", "text"], "description": "\(long)", "duration": -5, "view_count": "many",
             "like_count": 1e30, "timestamp": 99, "upload_date": "20250231", "tags": [1, "ok", {}],
             "subtitles": {"ru": [], "<script>": [], "": []}}
            """
        let info = try #require(VideoInfo.parse(infoJSON: Array(json.utf8)))
        #expect(info.id == "12345")
        #expect(info.webpageURL == nil && info.uploaderURL == nil)
        #expect(info.thumbnailURL == "https://cdn.invalid/a.jpg")
        #expect(info.title == nil)
        #expect(info.description?.count == VideoInfo.maximumDescriptionLength)
        #expect(info.duration == nil && info.viewCount == nil && info.likeCount == nil)
        #expect(info.published == nil)
        #expect(info.tags == ["1", "ok"])
        #expect(info.subtitleLanguages == ["ru"])
    }
}
