import Testing
@testable import Detection

@Suite struct MirrorLikenessTests {
    static let article = """
        Жаңылыктар: шаардын борборунда жаңы китепкана ачылды, анда балдар үчүн окуу залы жана компьютер \
        классы бар. Китепкананын директору окурмандарды жума күнү саат ондон кечки алтыга чейин күтөт деди. \
        Ачылыш аземине мектеп окуучулары, мугалимдер жана ата-энелер катышты, китептердин көргөзмөсү болду.
        """
    static let other = """
        Аба ырайы: эртең тоолуу аймактарда жаан-чачын күтүлөт, түндүк шамал секундасына он метрге чейин \
        күчөйт. Айыл чарба кызматкерлерине түшүмдү жыйноону шаршемби күнгө чейин бүтүрүү сунушталат, \
        жолдордо муз тоңушу мүмкүн, айдоочулар этият болушу керек.
        """
    static let theme = "Башкы бет Биз жөнүндө Байланыш Издөө Акыркы макалалар Архив Категориялар"
    static let icon: [UInt8] = Array("fictional theme icon bytes".utf8)

    static func site(_ host: String, text: String, trackers: [String], title: String) -> SiteFingerprint {
        SiteFingerprint.of(host: host, html: trackers.joined(separator: " "), title: title,
                           text: theme + " " + text, favicon: icon)
    }

    @Test func aMirrorWithTheSameIconAnalyticsAndTextIsACandidate() throws {
        let original = Self.site("kara-tuman.example", text: Self.article, trackers: ["UA-4811302-7"], title: "Kara Tuman")
        let mirror = Self.site("kara-tuman2.example", text: Self.article + " Күзгү дарек.", trackers: ["UA-4811302-7"],
                               title: "Kara Tuman — күзгү")
        let likeness = MirrorLikeness.compare(mirror, with: original)
        #expect(likeness.isCandidate)
        #expect(likeness.score >= MirrorLikeness.threshold)
        let kinds = Set(likeness.agreements.map(\.kind))
        #expect(kinds.isSuperset(of: [.tracker, .favicon, .text]))
        #expect(likeness.agreements.first { $0.kind == .tracker }?.value == "ga:UA-4811302-7")
        #expect(try #require(likeness.agreements.first { $0.kind == .text }).closeness > 0.7)
    }

    @Test func theSameThemeWithOtherTextAndIDsIsNot() {
        let original = Self.site("kara-tuman.example", text: Self.article, trackers: ["UA-4811302-7"], title: "Kara Tuman")
        let unrelated = Self.site("weather.example", text: Self.other, trackers: ["UA-9900112-1"], title: "Аба ырайы")
        let likeness = MirrorLikeness.compare(unrelated, with: original)
        #expect(!likeness.isCandidate)
        #expect(likeness.agreements.contains { $0.kind == .favicon })
        #expect(!likeness.agreements.contains { $0.kind == .tracker })
    }

    @Test func lookAlikeSignsWithoutAnIdentifyingOneAreNotEnough() {
        // Same icon, same title, same screenshot: the score is high, but nothing says who runs it.
        let pdq = String(repeating: "a5", count: 32)
        var a = SiteFingerprint(host: "a.example", faviconHash: 7, title: "Portal", screenshotPDQ: pdq)
        a.logoPDQ = pdq
        var b = a
        b.host = "b.example"
        let likeness = MirrorLikeness.compare(b, with: a)
        #expect(likeness.score >= 0.6)
        #expect(!likeness.isCandidate)
        // One shared analytics ID makes it one.
        a.trackerIDs = ["ga:G-4XK2Q9ZP7M"]
        b.trackerIDs = ["ga:G-4XK2Q9ZP7M"]
        #expect(MirrorLikeness.compare(b, with: a).isCandidate)
        // A shared ID alone is not.
        let bare = MirrorLikeness.compare(SiteFingerprint(host: "c.example", trackerIDs: ["ga:G-4XK2Q9ZP7M"]),
                                          with: SiteFingerprint(host: "d.example", trackerIDs: ["ga:G-4XK2Q9ZP7M"]))
        #expect(!bare.isCandidate)
    }

    @Test func aCertificateNamingTheOriginalIdentifiesTheMirror() {
        let original = SiteFingerprint(host: "kara-tuman.example", faviconHash: 9)
        let mirror = SiteFingerprint(host: "kt-mirror.example", faviconHash: 9, tlsNames: ["*.kara-tuman.example", "kt-mirror.example"])
        // The wildcard covers www., not the bare name: only an exact name counts.
        #expect(!MirrorLikeness.compare(mirror, with: original).agreements.contains { $0.kind == .tls })
        let named = SiteFingerprint(host: "kt-mirror.example", faviconHash: 9, tlsNames: ["kara-tuman.example"])
        let likeness = MirrorLikeness.compare(named, with: original)
        #expect(likeness.agreements.contains { $0.kind == .tls && $0.value == "kara-tuman.example" })
        #expect(likeness.isCandidate)
    }

    @Test func signaturesSurviveTheirStoredSpelling() throws {
        let signature = MinHasher().signature(of: Self.article)
        let hex = SiteFingerprint.hex(signature)
        #expect(hex.count == signature.values.count * 8)
        let read = try #require(SiteFingerprint.signature(hex: hex))
        #expect(read.values == signature.values)
        #expect(read.jaccard(signature) == 1)
        #expect(SiteFingerprint.signature(hex: "zz") == nil)
        #expect(SiteFingerprint.signature(hex: "") == nil)
    }

    @Test func pdqDistanceCountsBits() {
        let a = String(repeating: "0", count: 64)
        #expect(MirrorLikeness.hammingDistance(a, String(repeating: "0", count: 63) + "f") == 4)
        #expect(MirrorLikeness.hammingDistance(a, "short") == nil)
    }
}
