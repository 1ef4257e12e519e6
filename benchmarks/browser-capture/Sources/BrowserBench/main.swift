import Foundation
import Monitor

// Usage: BrowserBench BASE_URL COUNT TEXT
// Captures BASE_URL/p0.html … p(COUNT-1).html one after another in one browser, through a guard
// proxy allowing 127.0.0.1 only, and prints `key value` lines: pages per minute, peak memory of the
// whole Chromium process tree (sum of RSS, and of PSS, sampled every 100 ms) and soundness counts
// (a page with status 200, a screenshot, and TEXT in its DOM).

/// Memory of every process in the browser's process group, in kB: (RSS, PSS).
func treeMemory(group: Int32) -> (rss: Int, pss: Int) {
    var rss = 0
    var pss = 0
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for entry in entries where entry.allSatisfy(\.isNumber) {
        guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { continue }
        // Fields after the command name: state ppid pgrp …
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 2, Int32(fields[2]) == group else { continue }
        if let rollup = try? String(contentsOfFile: "/proc/\(entry)/smaps_rollup", encoding: .utf8) {
            for line in rollup.split(separator: "\n") {
                let parts = line.split(separator: " ", omittingEmptySubsequences: true)
                guard parts.count >= 2, let value = Int(parts[1]) else { continue }
                if parts[0] == "Rss:" { rss += value }
                if parts[0] == "Pss:" { pss += value }
            }
        }
    }
    return (rss, pss)
}

final class PeakMemory: @unchecked Sendable {
    private let lock = NSLock()
    private var rss = 0
    private var pss = 0
    func record(_ sample: (rss: Int, pss: Int)) {
        lock.lock()
        rss = max(rss, sample.rss)
        pss = max(pss, sample.pss)
        lock.unlock()
    }
    var peak: (rss: Int, pss: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (rss, pss)
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: BrowserBench BASE_URL COUNT TEXT\n".utf8))
    exit(2)
}
let base = arguments[1]
let text = arguments[3]

var fetcherConfiguration = FetcherConfiguration()
fetcherConfiguration.allowedNetworks = [CIDR("127.0.0.1/32")!]
fetcherConfiguration.minimumDelayPerHost = .zero
let fetcher = Fetcher(configuration: fetcherConfiguration)
let proxy = try await GuardProxy.start(fetcher: fetcher)
let browser = try await ChromiumBrowser.launch(BrowserConfiguration.fromEnvironment())
let peak = PeakMemory()
let group = browser.processID
let sampler = Task.detached {
    while !Task.isCancelled {
        peak.record(treeMemory(group: group))
        try? await Task.sleep(for: .milliseconds(100))
    }
}

var limits = BrowserCaptureLimits.fromEnvironment()
limits.settleTime = .milliseconds(200)
var sound = 0
var screenshots = 0
var exchanges = 0
var pngBytes = 0
let clock = ContinuousClock()
let started = clock.now
for index in 0..<count {
    let result = await browser.capture("\(base)/p\(index).html", through: proxy, limits: limits)
    exchanges += result.exchanges.count
    if let screenshot = result.screenshot {
        screenshots += 1
        pngBytes += screenshot.png.count
    }
    let dom = result.dom.map { String(decoding: $0, as: UTF8.self) } ?? ""
    if result.page?.status == 200, result.screenshot != nil, dom.contains("\(text) \(index)") { sound += 1 }
    if let failure = result.failure { FileHandle.standardError.write(Data("p\(index): \(failure)\n".utf8)) }
}
let elapsed = clock.now - started
sampler.cancel()
peak.record(treeMemory(group: group))
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("version \(browser.version)")
print("pages \(count)")
print("seconds \(String(format: "%.2f", seconds))")
print("pages_per_minute \(String(format: "%.1f", Double(count) / seconds * 60))")
print("peak_rss_mb \(String(format: "%.1f", Double(peak.peak.rss) / 1024))")
print("peak_pss_mb \(String(format: "%.1f", Double(peak.peak.pss) / 1024))")
print("sound_pages \(sound)")
print("screenshots \(screenshots)")
print("exchanges \(exchanges)")
print("png_mb \(String(format: "%.1f", Double(pngBytes) / 1_048_576))")
print("refusals \(proxy.refusals().count)")
await browser.close()
await proxy.stop()
await fetcher.shutdown()
