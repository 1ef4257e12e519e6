import Testing
@testable import Detection

@Suite struct TrackerIDTests {
    @Test func readsEachKindFromTheScriptsThatCarryIt() {
        let html = """
            <script async src="https://www.googletagmanager.com/gtag/js?id=G-4XK2Q9ZP7M"></script>
            <script>gtag('config', 'G-4XK2Q9ZP7M'); ga('create', 'UA-4811302-7', 'auto');</script>
            <script>(function(w,d,s,l,i){})(window,document,'script','dataLayer','GTM-W7QK3P');</script>
            <script>ym(90817263, "init", {clickmap:true});</script>
            <noscript><img src="https://mc.yandex.ru/watch/90817263" /></noscript>
            <script>var yaCounter5521873 = new Ya.Metrika({id: 5521873});</script>
            <ins class="adsbygoogle" data-ad-client="ca-pub-7301188420965531"></ins>
            <script>fbq( 'init' , "310975524418826" ); fbq('track', 'PageView');</script>
            <img src="https://www.facebook.com/tr?id=998877665544332&ev=PageView">
            """
        #expect(TrackerIDs.scan(html) == [
            "adsense:ca-pub-7301188420965531", "fbq:310975524418826", "fbq:998877665544332", "ga:G-4XK2Q9ZP7M",
            "ga:UA-4811302-7", "gtm:GTM-W7QK3P", "ym:5521873", "ym:90817263",
        ])
    }

    @Test func wordsThatOnlyLookLikeIDsAreNot() {
        let html = """
            <p>XUA-4811302-7 UA-12-1 UA-4811302- G-SHOCKWATCH G-12345678 abca-pub-7301188420965531
            ca-pub-123 GTM-AB fbq('track', '310975524418826') ym(12, "init") yaCounter12</p>
            """
        #expect(TrackerIDs.scan(html) == [])
    }

    @Test func aPageOfThousandsOfIDsIsCut() {
        let html = (0..<500).map { "UA-\(100_000 + $0)-1" }.joined(separator: " ")
        #expect(TrackerIDs.scan(html).count == TrackerIDs.maxIDs)
    }
}
