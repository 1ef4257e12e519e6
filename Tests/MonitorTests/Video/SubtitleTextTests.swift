import Testing

@testable import Monitor

@Suite struct SubtitleTextTests {
    @Test func webVTTWithoutTimingStylingOrRepeats() {
        let vtt = """
            \u{FEFF}WEBVTT
            Kind: captions
            Language: ky

            NOTE invented captions
            for a test

            STYLE
            ::cue { color: yellow }

            1
            00:00:00.000 --> 00:00:02.500 align:start position:0%
            <v Speaker>Жаңы күн</v> <c.colorE5E5E5>келет</c>

            00:00:02.500 --> 00:00:04.000
            <00:00:02.600><c>Жаңы</c> күн келет

            00:00:02.500 --> 00:00:04.000
            Жаңы күн келет

            00:00:04.000 --> 00:00:06.000
            Тоолор &amp; талаалар &lt;бизде&gt;&nbsp;!
            """
        #expect(SubtitleText.extract(Array(vtt.utf8)) == "Жаңы күн келет\nТоолор & талаалар <бизде> !")
    }

    @Test func subRip() {
        let srt = "1\r\n00:00:01,000 --> 00:00:03,000\r\n{\\an8}<i>Северный</i> рассвет\r\n\r\n"
            + "2\r\n00:00:03,500 --> 00:00:05,000\r\nвымышленный текст\r\nвторая строка\r\n"
        #expect(SubtitleText.extract(Array(srt.utf8)) == "Северный рассвет\nвымышленный текст\nвторая строка")
    }

    @Test func boundedAndTolerantOfBrokenBytes() {
        let broken: [UInt8] = Array("WEBVTT\n\n00:00.000 --> 00:01.000\n".utf8) + [0xFF, 0xFE, 0x41]
        #expect(SubtitleText.extract(broken) == "\u{FFFD}\u{FFFD}A")
        var many = "WEBVTT\n\n"
        for index in 0..<200_000 { many += "00:00.000 --> 00:01.000\nline \(index) with some words\n\n" }
        #expect(SubtitleText.extract(Array(many.utf8)).count <= SubtitleText.maximumCharacters)
    }
}
