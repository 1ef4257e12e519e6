import Monitor

/// The pages of one check, loaded as a sliding window: at most `width` at a time, at most `maxPages`
/// in all, in the order they were found. A site's pages name more pages of the same site (`site`);
/// a channel's page names the next one. How a page is loaded (fetched, or read in a browser) is the
/// caller's `load`; what it found is handed to `receive` as each load ends, with `idle` true when no
/// other load is running or waiting, so a caller holding rows back knows to write them now.
struct CrawlWindow {
    var first: String
    var site: SameSite?
    var maxPages: Int
    var width: Int

    /// Links queued beyond the page limit are not worth remembering: a site's pages name the same
    /// links over and over, and only `maxPages` are ever loaded.
    var queueLimit: Int { maxPages * 20 }

    func run<Loaded: Sendable>(load: @escaping @Sendable (_ url: String, _ index: Int) async throws -> Loaded,
                               output: (Loaded) -> AdapterOutput?,
                               receive: (Loaded, _ idle: Bool) async throws -> Void) async throws {
        var queue = [first]
        var head = 0
        var queued: Set<String> = [first]
        try await withThrowingTaskGroup(of: Loaded.self) { group in
            var launched = 0
            var running = 0
            while true {
                try Task.checkCancellation()
                while running < width, head < queue.count, launched < maxPages {
                    let url = queue[head]
                    let index = launched
                    head += 1
                    launched += 1
                    running += 1
                    group.addTask { try await load(url, index) }
                }
                guard running > 0, let loaded = try await group.next() else { break }
                running -= 1
                if let found = output(loaded) {
                    if let site {
                        for link in found.page?.links ?? [] where queued.count < queueLimit {
                            if let next = site.url(link), queued.insert(next).inserted { queue.append(next) }
                        }
                    } else if let next = found.nextPageURL, queued.insert(next).inserted {
                        queue.append(next)
                    }
                }
                try await receive(loaded, running == 0 || head >= queue.count)
            }
        }
    }
}
