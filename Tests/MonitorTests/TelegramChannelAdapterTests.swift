import Foundation
import Testing

@testable import Monitor

@Suite struct TelegramChannelAdapterTests {
    let adapter = TelegramChannelAdapter(pagingDepth: 3)

    func read(_ name: String, url: String = "https://t.me/s/topwar_official", page: Int = 0) throws -> AdapterOutput {
        adapter.extract(
            AdapterInput(
                url: url, contentType: "text/html; charset=utf-8",
                body: try Fixtures.data("telegram/" + name), pageIndex: page))
    }

    func root(_ name: String) throws -> DOMElement {
        let text = String(decoding: try Fixtures.data("telegram/" + name), as: UTF8.self)
        return try #require(MarkupParser.parseHTML(text).root)
    }

    let resolver = LinkResolver(base: "https://t.me/s/channel")

    @Test func fullChannelPage() throws {
        let output = try read("full.html")
        #expect(output.items.count == 12)
        #expect(
            output.items.map { $0.platformID ?? "" } == [
                "70989", "70990", "70992", "70995", "70996", "70997", "70998", "70999", "71000", "71006", "71007",
                "71008",
            ])
        #expect(output.items.allSatisfy { $0.authorHandle == "topwar_official" })
        let first = output.items[0]
        #expect(first.permalink == "https://t.me/topwar_official/70989")
        #expect(first.published == FeedDate.parse("2023-02-28T07:47:53+00:00"))
        #expect(first.published?.timeIntervalSince1970 == 1_677_570_473)
        #expect(first.views == 37_200)
        #expect(first.text.hasPrefix("В Санкт-Петербурге в небо над городом подняли истреб"))
        #expect(first.mediaURLs.count == 1)
        #expect(
            output.items.map { $0.views ?? 0 } == [
                37_200, 34_500, 33_800, 33_600, 32_900, 30_300, 29_000, 28_700, 28_700, 17_200, 16_800, 14_900,
            ])
        // Grouped media: six photos; two photos plus a video (thumbnail and file).
        #expect(output.items[8].mediaURLs.count == 6)
        #expect(output.items[2].mediaURLs.count == 4)
        #expect(
            output.items[2].mediaURLs.contains { $0.hasPrefix("https://cdn4.telegram-cdn.org/file/ee2e53dc9f.mp4") })
        // Nested text blocks are read once.
        #expect(output.items[2].text.hasPrefix("Сегодня ночью в Республике Адыгея"))
        #expect(output.items[2].text.components(separatedBy: "Сегодня ночью").count == 2)

        let forwarded = output.items.compactMap(\.forwardedFrom)
        #expect(forwarded.count == 5)
        #expect(
            output.items[4].forwardedFrom == ForwardedFrom(name: "Военкор Ярем", url: "https://t.me/yaremshooter/1066"))
        #expect(output.items[11].forwardedFrom?.url == "https://t.me/ImpNavigator/4580")
        #expect(output.items[4].linkPreview?.url == "http://t.me/infantmilitario/93419")
        // Videos too big to embed keep their thumbnail.
        #expect(output.items[9].mediaURLs.count == 1)

        #expect(output.nextPageURL == "https://t.me/s/topwar_official?before=70989")
        let discovered = Set(output.candidates.map(\.identity))
        #expect(
            discovered.isSuperset(of: ["yaremshooter", "belarus_vpo", "vysokygovorit", "dimsmirnov175", "impnavigator"])
        )
        #expect(!discovered.contains("topwar_official"))
        #expect(output.warnings.isEmpty)
    }

    @Test func channel2026Markup() throws {
        let output = try read("channel-2026.html", url: "https://t.me/s/test_channel")
        #expect(output.items.map { $0.platformID ?? "" } == ["1001", "1003", "1010"])
        #expect(output.sourceTitle == "Test_Channel")
        let photos = output.items[0]
        #expect(
            photos.mediaURLs == [
                "https://cdn4.telesco.pe/file/test-photo-1.jpg", "https://cdn4.telesco.pe/file/test-photo-2.jpg",
            ])
        #expect(photos.text.hasPrefix("This is a test message with multiple photos."))
        #expect(photos.text.hasSuffix("Telegram | Admin"))
        #expect(photos.links == ["https://t.me/test_channel", "https://t.me/TestBot"])
        #expect(photos.views == 2_500)
        #expect(
            photos.published?.timeIntervalSince1970 == FeedDate.parse("2026-01-31T08:35:56Z")?.timeIntervalSince1970)
        #expect(output.items[1].text.isEmpty && output.items[1].mediaURLs.isEmpty && output.items[1].views == 1_300)
        let forwarded = output.items[2]
        #expect(
            forwarded.forwardedFrom == ForwardedFrom(name: "Another Channel", url: "https://t.me/another_channel/500"))
        #expect(forwarded.mediaURLs.count == 3)
        #expect(forwarded.text.contains("Key updates:\n- Brick masonry on balconies completed"))
        #expect(forwarded.text.contains("All available resources have been mobilized."))
        #expect(forwarded.views == 1_000)
        #expect(output.nextPageURL == "https://t.me/s/test_channel?before=1001")
        #expect(output.candidates.map(\.identity) == ["testbot", "another_channel"])
    }

    @Test func pagingStopsAtConfiguredDepth() throws {
        #expect(try read("channel-2026.html", url: "https://t.me/s/test_channel", page: 1).nextPageURL != nil)
        #expect(try read("channel-2026.html", url: "https://t.me/s/test_channel", page: 2).nextPageURL == nil)
        let single = TelegramChannelAdapter(pagingDepth: 1)
        let output = single.extract(
            AdapterInput(
                url: "https://t.me/s/test_channel", contentType: "text/html",
                body: try Fixtures.data("telegram/channel-2026.html")))
        #expect(output.nextPageURL == nil)
        #expect(adapter.firstPageURL(kind: .telegram, identity: "@Test_Channel") == "https://t.me/s/test_channel")
    }

    @Test func textMessage() throws {
        let output = try read("message_text.html")
        let item = try #require(output.items.first)
        #expect(output.items.count == 1)
        #expect(item.platformID == "70991" && item.authorName == "Военное обозрение")
        #expect(item.text.hasPrefix("Неопознанный летающий объект замечен в 160 – 200 км от Петербурга\n"))
        #expect(item.text.hasSuffix("«Звуки как на параде»."))
        #expect(item.views == 33_400 && item.mediaURLs.isEmpty)
        #expect(item.published == FeedDate.parse("2023-02-28T08:48:01+00:00"))
    }

    @Test func forwardedWithPhoto() throws {
        let item = try #require(try read("message_media_forwarded_from.html").items.first)
        #expect(item.platformID == "22358" && item.authorHandle == "oper_goblin")
        #expect(item.forwardedFrom == ForwardedFrom(name: "Пул N3", url: "https://t.me/dimsmirnov175/44604"))
        #expect(
            item.mediaURLs.count == 1 && item.mediaURLs[0].hasPrefix("https://cdn4.telegram-cdn.org/file/keYrQp0kfuA"))
        #expect(item.views == 214_400)
        #expect(item.text == "Британская разведка выяснила, почему Ким Чен Ын начал выводить дочку в свет")
    }

    @Test func forwardedFromPrivateSenderVoiceMessage() throws {
        let item = try #require(try read("message_voice.html").items.first)
        #expect(item.forwardedFrom == ForwardedFrom(name: "Спортивный Екб", url: nil))
        #expect(
            item.mediaURLs.count == 1
                && item.mediaURLs[0].hasPrefix("https://cdn4.telegram-cdn.org/file/e7ba63f364.ogg"))
        #expect(item.links == ["https://t.me/kakberadio", "https://t.me/kakberadiobot"])
        #expect(item.text.hasPrefix("Обсудили:\n- Сталина не забыть\n- Плохие фильмы"))
        #expect(item.views == 746)
    }

    @Test func documentMessageHasTextAndNoMedia() throws {
        let item = try #require(try read("message_media_file.html").items.first)
        #expect(item.platformID == "16936" && item.views == 171_900 && item.mediaURLs.isEmpty)
        #expect(item.forwardedFrom?.name == "Кремлёвская прачка")
        #expect(item.text.hasPrefix("Центр изучения новых коммуникаций подготовил исследование"))
    }

    @Test func signatureBecomesAuthorName() throws {
        let item = try #require(try read("message_with_from_author.html").items.first)
        #expect(item.platformID == "4" && item.authorHandle == "channel" && item.text == "test" && item.views == 1)
        #expect(item.authorName == "🅰️rkadiy Ivanov")
    }

    @Test func stickerMessage() throws {
        let item = try #require(try read("message_sticker.html").items.first)
        #expect(item.platformID == "5" && item.authorName == "🅰️User")
        #expect(item.mediaURLs == ["https://cdn4.telegram-cdn.org/file/sticker.tgs?token=H..G"])
    }

    @Test func linkPreviewMessages() throws {
        let item = try #require(try read("message_link_preview.html").items.first)
        let preview = try #require(item.linkPreview)
        #expect(preview.url == "https://vnnews.ru/georgiy-zotov-okkupaciya-volosatym-kr/")
        #expect(preview.siteName == "Ваши новости — интернет-газета")
        #expect(preview.title == "Георгий Зотов: ОККУПАЦИЯ ВОЛОСАТЫМ КРАБОМ")
        #expect(preview.description?.hasPrefix("Современная журналистика превратилась в комедию") == true)
        #expect(
            preview.imageURL?.hasPrefix("https://cdn4.telegram-cdn.org/file/Vk3eUCs_p7BYInzqm24xRwpgp1lS9dr4") == true)
        #expect(item.mediaURLs.isEmpty)
        #expect(item.text == "https://vnnews.ru/georgiy-zotov-okkupaciya-volosatym-kr/")
        let output = try read("message_link_preview.html")
        #expect(output.candidates.map(\.identity) == ["https://vnnews.ru"])

        let textOnly = try #require(try read("message_link_preview_text_only.html").items.first)
        let legal = "http://publication.pravo.gov.ru/Document/View/0001202302270011?index=7&rangeSize=1"
        #expect(textOnly.linkPreview?.url == legal && textOnly.links == [legal] && textOnly.views == 246_800)
        #expect(textOnly.linkPreview?.siteName == "publication.pravo.gov.ru" && textOnly.linkPreview?.imageURL == nil)
        #expect(
            textOnly.linkPreview?.description
                == "Распоряжение Президента Российской Федерации от 27.02.2023 № 59-рп\n\"О поощрении\"")

        let withVideo = try #require(try read("message_link_preview_video.html").items.first)
        #expect(withVideo.text.hasPrefix("Жениться вам, барин, пора!"))
        #expect(withVideo.linkPreview?.url == "https://t.me/shalnyak/5410")
        #expect(withVideo.linkPreview?.videoURL?.hasPrefix("https://cdn4.telegram-cdn.org/file/0f5ac11ec6.mp4") == true)
    }

    @Test func roundVideoAndPhotoAndVideoMessages() throws {
        // The thumbnail and the video file.
        let round = try #require(try read("message_media_round_video.html").items.first)
        #expect(round.platformID == "3495" && round.views == 54_200)
        #expect(round.mediaURLs.count == 2 && round.mediaURLs.contains { $0.contains(".mp4") })
        let mixed = try #require(try read("message_media_photo_and_video.html").items.first)
        #expect(mixed.platformID == "46908" && mixed.views == 59_500)
        // Two grouped photos (their style quotes the URL with &quot;), the video's thumbnail and file.
        #expect(mixed.mediaURLs.count == 4)
        #expect(
            mixed.mediaURLs.contains {
                $0.hasPrefix("https://cdn4.telegram-cdn.org/file/hreFvq_I28dSzoM2DmY7nB4dqOYfR7q2EKS")
            })
        #expect(
            mixed.mediaURLs.contains {
                $0.hasPrefix("https://cdn4.telegram-cdn.org/file/uncPmElZ9yFcNTWHzfyFA4HdbR-XFOQwoB-")
            })
        #expect(mixed.mediaURLs.contains { $0.hasPrefix("https://cdn4.telegram-cdn.org/file/3fc678ce81.mp4") })
    }

    @Test func pollMessage() throws {
        let item = try #require(try read("message_poll.html").items.first)
        #expect(item.platformID == "488" && item.views == 1_100)
        #expect(item.text.hasPrefix("Как лучше?\n- "))
        let fragment = try root("poll.html")
        let poll = try #require(fragment.firstElement(withClass: "tgme_widget_message_poll"))
        #expect(
            TelegramMessageReader.pollText(poll) == """
                Как лучше?
                - Несколько постов в день
                - Один пост в несколько дней
                - Свой вариант в комментарии
                """)
    }

    @Test func mediaFragments() throws {
        let photo = TelegramMessageReader.media(in: try root("media_photo.html"), resolver: resolver)
        #expect(
            photo.count == 1
                && photo[0].hasPrefix("https://cdn4.telegram-cdn.org/file/A6p54HYaRl2Y5OVv2FqiNP4kFUiGcD5C"))

        let video = TelegramMessageReader.media(in: try root("media_video.html"), resolver: resolver)
        #expect(video.count == 2)
        #expect(video.contains { $0.hasPrefix("https://cdn4.telegram-cdn.org/file/6a6c95d988.mp4?token=") })

        let round = TelegramMessageReader.media(in: try root("media_cicrle_video.html"), resolver: resolver)
        #expect(
            round.count == 2 && round.contains { $0.hasPrefix("https://cdn4.telegram-cdn.org/file/f30ab8b2f9.mp4") })

        let gif = TelegramMessageReader.media(in: try root("media_video_gif.html"), resolver: resolver)
        #expect(gif.contains("https://cdn4.telegram-cdn.org/file/77..0c.mp4?token=..."))

        let tooBig = TelegramMessageReader.media(in: try root("media_video_too_big.html"), resolver: resolver)
        #expect(tooBig.count == 1 && tooBig[0].hasPrefix("https://cdn4.telegram-cdn.org/file/IMkSHRbvHUIIZKDw"))
    }

    @Test func linkPreviewFragments() throws {
        let card = try #require(
            try root("link_preview.html").firstElement(withClass: "tgme_widget_message_link_preview"))
        let preview = try #require(TelegramMessageReader.linkPreview(card, resolver: resolver))
        #expect(preview.title == "Георгий Зотов: ОККУПАЦИЯ ВОЛОСАТЫМ КРАБОМ" && preview.videoURL == nil)

        let videoCard = try #require(
            try root("link_preview_video.html").firstElement(withClass: "tgme_widget_message_link_preview"))
        let video = try #require(TelegramMessageReader.linkPreview(videoCard, resolver: resolver))
        #expect(video.url == "https://t.me/shalnyak/5410" && video.siteName == "Telegram" && video.title == "Shalnyak")
        #expect(video.videoURL?.hasPrefix("https://cdn4.telegram-cdn.org/file/0f5ac11ec6.mp4") == true)
        #expect(video.imageURL?.hasPrefix("https://cdn4.telegram-cdn.org/file/RJ8QZu8BMHl5") == true)
        #expect(video.description?.hasPrefix("Дядь @fighter_bomber глянь!!!\nУ меня такааая разработка🔥") == true)
    }

    @Test func everyTelegramFixtureIsCovered() throws {
        let tested: Set<String> = [
            "full.html", "channel-2026.html", "message_text.html", "message_media_forwarded_from.html",
            "message_voice.html", "message_media_file.html", "message_with_from_author.html", "message_sticker.html",
            "message_link_preview.html", "message_link_preview_text_only.html", "message_link_preview_video.html",
            "message_media_round_video.html", "message_media_photo_and_video.html", "message_poll.html", "poll.html",
            "media_photo.html", "media_video.html", "media_cicrle_video.html", "media_video_gif.html",
            "media_video_too_big.html", "link_preview.html", "link_preview_video.html",
        ]
        let present = Set(try Fixtures.names(in: "telegram").filter { $0.hasSuffix(".html") })
        #expect(present == tested)
    }

    @Test func viewCounts() {
        #expect(TelegramMessageReader.views("746") == 746)
        #expect(TelegramMessageReader.views("33.4K") == 33_400)
        #expect(TelegramMessageReader.views("1.2M") == 1_200_000)
        #expect(TelegramMessageReader.views("many") == nil)
        #expect(TelegramMessageReader.views("") == nil)
    }
}
