import Testing

@testable import Monitor

@Suite struct VideoPlatformsTests {
    static let videos = [
        "https://www.youtube.com/watch?v=Xq3vN0tD7kA", "https://youtu.be/Xq3vN0tD7kA?t=4",
        "https://m.youtube.com/shorts/Xq3vN0tD7kA", "https://www.youtube.com/live/Xq3vN0tD7kA",
        "https://www.tiktok.com/@fictional.dawn/video/7430000000000000001", "https://vm.tiktok.com/ZMabcdef/",
        "https://vk.com/video-200000001_456239017", "https://vk.com/clip-200000001_456239017",
        "https://vkvideo.ru/video-200000001_456239017", "https://vk.com/invented_dawn?z=video-200000001_456239017%2Fpl",
        "https://ok.ru/video/7000000000001", "https://www.instagram.com/reel/DAbCdEfGhIj/",
        "https://www.instagram.com/p/DAbCdEfGhIj/", "https://www.instagram.com/fictional_dawn/reel/DAbCdEfGhIj/",
        "https://www.facebook.com/fictionaldawn/videos/1200000000000001/",
        "https://www.facebook.com/watch/?v=1200000000000001", "https://www.facebook.com/reel/1200000000000001",
        "https://fb.watch/abcDEF123/",
    ]
    static let notVideos = [
        "https://www.youtube.com/@toolordogu-tan", "https://www.youtube.com/@toolordogu-tan/videos",
        "https://www.youtube.com/watch", "https://www.youtube.com/playlist?list=PL123",
        "https://www.tiktok.com/@fictional.dawn", "https://vk.com/invented_dawn", "https://vk.com/wall-1_2",
        "https://ok.ru/group/550000000001", "https://www.instagram.com/fictional_dawn/",
        "https://www.facebook.com/fictionaldawn", "https://www.facebook.com/fictionaldawn/posts/1",
        "https://t.me/fictional/15", "https://example.org/video.mp4", "javascript:alert(1)", "not a url",
        "ftp://www.youtube.com/watch?v=Xq3vN0tD7kA",
    ]

    @Test(arguments: videos) func videoPosts(_ url: String) {
        #expect(VideoPlatforms.isVideoURL(url))
    }

    @Test(arguments: notVideos) func notVideoPosts(_ url: String) {
        #expect(!VideoPlatforms.isVideoURL(url))
    }
}
