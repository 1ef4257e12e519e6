import Testing

@testable import Monitor

/// The proxy's reading of request heads and response heads, without sockets.
@Suite struct ProxyRequestHeadTests {
    func parse(_ text: String) -> Result<ProxyRequestHead, ProxyRequestError> {
        ProxyRequestHead.parse(Array(text.utf8))
    }

    @Test func aWellFormedHeadIsRead() throws {
        let head = try parse("GET http://site.test/a?b=1 HTTP/1.1\r\nHost: site.test\r\nAccept:  */*  \r\n\r\n").get()
        #expect(head.method == "GET" && head.target == "http://site.test/a?b=1" && head.version == "HTTP/1.1")
        #expect(head.headers == [.init(name: "Host", value: "site.test"), .init(name: "Accept", value: "*/*")])
    }

    @Test func ambiguousHeadsAreRefused() {
        let bad = [
            "GET http://a.test/ HTTP/1.1\nHost: a\r\n\r\n",  // bare LF
            "GET http://a.test/ HTTP/1.1\r\nHost: a\rX: b\r\n\r\n",  // bare CR
            "GET http://a.test/ HTTP/1.1\r\nHost: a\r\n continued\r\n\r\n",  // folded
            "GET  http://a.test/ HTTP/1.1\r\n\r\n",  // two spaces
            "GET http://a.test/ HTTP/1.1\r\nBad Name: a\r\n\r\n",
            "GET http://a.test/ HTTP/1.1\r\nX: a\u{7F}b\r\n\r\n",
            "G(T http://a.test/ HTTP/1.1\r\n\r\n",
            "GET http://a.test/ HTTP/0.9\r\n\r\n",
            "GET http://a.test/\u{1}x HTTP/1.1\r\n\r\n",
            "GET http://a.test/ HTTP/1.1\r\nHost: a\r\n",  // no blank line
        ]
        for text in bad {
            guard case .failure(.malformed) = parse(text) else {
                Issue.record("accepted: \(text.debugDescription)")
                continue
            }
        }
        var nul = Array("GET http://a.test/ HTTP/1.1\r\nX: a\r\n\r\n".utf8)
        nul[nul.count - 6] = 0
        #expect(ProxyRequestHead.parse(nul) == .failure(.malformed("NUL in head")))
    }

    @Test func bodyLengthIsKnownOrRefused() throws {
        #expect(try parse("GET http://a.test/ HTTP/1.1\r\n\r\n").get().bodyLength() == .success(0))
        #expect(try parse("POST http://a.test/ HTTP/1.1\r\nContent-Length: 12\r\n\r\n").get().bodyLength() == .success(12))
        #expect(
            try parse("POST http://a.test/ HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\n").get().bodyLength() == .success(3))
        #expect(
            try parse("POST http://a.test/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").get().bodyLength()
                == .failure(.lengthRequired))
        #expect(
            try parse("POST http://a.test/ HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n").get()
                .bodyLength() == .failure(.malformed("conflicting Content-Length")))
        #expect(
            try parse("POST http://a.test/ HTTP/1.1\r\nContent-Length: -1\r\n\r\n").get().bodyLength()
                == .failure(.malformed("invalid Content-Length")))
    }

    @Test func connectAuthorities() {
        #expect(ProxyRequestHead.parseAuthority("Site.Test:443")! == ("site.test", 443))
        #expect(ProxyRequestHead.parseAuthority("10.0.0.1:8443")! == ("10.0.0.1", 8443))
        #expect(ProxyRequestHead.parseAuthority("[2001:db8::1]:443")! == ("2001:db8::1", 443))
        for bad in ["site.test", "site.test:", "site.test:0", "site.test:65536", "site.test:+1", "2001:db8::1:443",
                    "[site.test]:443", "bad_host!:443", "-lead.test:443", ":443", "a..b:443",
                    String(repeating: "a", count: 64) + ".test:443"]
        {
            #expect(ProxyRequestHead.parseAuthority(bad) == nil, "\(bad)")
        }
    }

    @Test func theForwardedHeadIsOriginFormWithTheCheckedHost() throws {
        let head = try parse(
            "POST http://site.test/x HTTP/1.0\r\nHost: other.test\r\nConnection: keep-alive, X-Secret\r\n"
                + "X-Secret: 1\r\nProxy-Connection: keep-alive\r\nKeep-Alive: 300\r\nUpgrade: websocket\r\n"
                + "Expect: 100-continue\r\nTE: trailers\r\nCookie: a=b\r\nContent-Length: 2\r\n\r\n"
        ).get()
        let forwarded = String(decoding: head.originForm(requestTarget: "/x", hostHeader: "site.test"), as: UTF8.self)
        #expect(forwarded == "POST /x HTTP/1.1\r\nHost: site.test\r\nCookie: a=b\r\nContent-Length: 2\r\nConnection: close\r\n\r\n")
    }

    @Test func theFinalResponseHeadSaysTheConnectionCloses() throws {
        let head = Array("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 3\r\n\r\n".utf8)
        let rewritten = try #require(ProxyRelay.rewriteResponseHead(head))
        #expect(!rewritten.interim)
        #expect(String(decoding: rewritten.bytes, as: UTF8.self)
                == "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\n")
        let hints = Array("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n".utf8)
        let interim = try #require(ProxyRelay.rewriteResponseHead(hints))
        #expect(interim.interim && interim.bytes == hints)
        #expect(ProxyRelay.rewriteResponseHead(Array("SSH-2.0-OpenSSH\r\n\r\n".utf8)) == nil)
    }
}
