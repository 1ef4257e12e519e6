import Foundation
import LoopbackHTTP

@testable import Monitor

/// A loopback site whose pages are built by scripts, for the browser capture tests. The invented
/// notice below exists in no response as HTML: only the page's script puts it into the document,
/// from the JSON its XHR fetches.
enum BrowserTestSite {
    static let notice = "FICTIONAL RIVER CLUB MEETS AT NOON"

    /// Where `127.0.0.2` and an invented name are asked for. Not a port Chromium refuses by itself
    /// (it never connects to 9, 25, 6000, …), so what stops the request is the guard.
    static let privatePort = 8081

    static let json = Array(#"{"notice": "\#(notice)"}"#.utf8)

    /// The page: empty markup, a script (served gzip-compressed) that asks `/data.json` and writes
    /// the notice into a heading large enough for OCR.
    static let page = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>Invented bulletin</title>
        <style>body { background: #fff; margin: 40px; } h1 { font: bold 56px sans-serif; color: #000; }</style>
        <script src="/app.js"></script></head>
        <body><h1 id="notice"></h1></body></html>
        """

    static let script = """
        const request = new XMLHttpRequest();
        request.open("GET", "/data.json");
        request.onload = () => {
          document.getElementById("notice").textContent = JSON.parse(request.responseText).notice;
        };
        request.send();
        """

    /// The routes of the site; `privatePort` is where `127.0.0.2` is asked for (nothing needs to listen).
    static func route(privatePort: Int) -> @Sendable (LoopbackServer.SeenRequest) -> LoopbackServer.Reply {
        { request in
            switch request.path {
            case "/":
                return .ok(page)
            case "/app.js":
                let compressed = (try? FetcherTests.gzip(Array(script.utf8))) ?? []
                return .ok(compressed, type: "application/javascript", headers: [("Content-Encoding", "gzip")])
            case "/data.json":
                return .ok(json, type: "application/json")
            case "/reaches-private":
                // A script reaching for another loopback address: the guard must refuse it.
                return .ok("""
                    <!doctype html><html><head><title>Reaching out</title></head><body><p id="state">waiting</p>
                    <script>
                    fetch("http://127.0.0.2:\(privatePort)/secret").then(
                      r => { document.getElementById("state").textContent = "reached " + r.status; },
                      e => { document.getElementById("state").textContent = "blocked"; });
                    </script></body></html>
                    """)
            case "/redirects-private":
                return .redirect("http://127.0.0.2:\(privatePort)/inside")
            case "/names":
                // A name the browser must not resolve itself: it hands it to the proxy.
                return .ok("""
                    <!doctype html><html><body><img src="http://fictional-site.test:\(privatePort)/logo.png"></body></html>
                    """)
            case "/tall":
                return .ok("""
                    <!doctype html><html><body style="margin:0"><div style="height:6000px;background:#eee">tall</div>
                    </body></html>
                    """)
            case "/many":
                let images = (1...6).map { "<img src=\"/image\($0).png\">" }.joined()
                return .ok("<!doctype html><html><body>\(images)</body></html>")
            case "/slow":
                return .ok("""
                    <!doctype html><html><body><p>slow</p>
                    <script>fetch("/drip").then(r => r.text());</script></body></html>
                    """)
            case "/drip":
                return LoopbackServer.Reply(headers: [("Content-Type", "text/plain")], body: .drip(interval: .seconds(1),
                                                                                                  count: 600))
            default:
                return .notFound
            }
        }
    }
}
