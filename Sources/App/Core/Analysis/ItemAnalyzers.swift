import Detection
import Evidence
import Fluent
import Foundation
import MediaMatch
import Monitor
import Vapor

/// What the analysers compare against — indicators (typed, and every banned organisation's names
/// and aliases), banned texts, the media bank and the trained classifier — loaded from the database
/// once and shared by the parallel analysis lanes. Before each use a one-row summary of the
/// registries (`AnalysisRevision`) is compared with the one the load was made from, so a new alias
/// or indicator fires on the next item, without a restart; `maxAge` also reloads the classifier file.
actor AnalysisContext {
    private let app: Application
    private let maxAge: TimeInterval
    private var loadedAt: Date?
    private var revision: String?
    private var text: TextAnalyzer?
    private var matcher: MediaMatcher?
    /// Holds a banked hash that suddenly matches far too many items (`KAIGUUL_FLOOD_MATCHES` a day).
    let flood: FloodQuarantine
    /// The load or revision check under way: callers arriving meanwhile (the analysis runs in
    /// parallel lanes, and an actor lets them in while it waits) share it instead of each
    /// querying or loading everything again.
    private var refreshing: Task<Void, Never>?

    init(app: Application, maxAge: TimeInterval = 300, flood: FloodQuarantine = FloodQuarantine()) {
        self.app = app
        self.maxAge = maxAge
        self.flood = flood
    }

    var database: any Database { app.db }
    var logger: Logger { app.logger }

    func current() async -> (TextAnalyzer?, MediaMatcher?) {
        if let refreshing {
            await refreshing.value
            return (text, matcher)
        }
        let task = Task { await self.refresh() }
        refreshing = task
        await task.value
        refreshing = nil
        return (text, matcher)
    }

    private func refresh() async {
        // A retrained classifier is a file, not a row: its change counts too.
        let classifier = try? FileManager.default.attributesOfItem(
            atPath: AnalyzerFactory.classifierURL(app.kaiguul).path)
        let classifierStamp = [(classifier?[.modificationDate] as? Date)?.timeIntervalSince1970.description ?? "-",
                               (classifier?[.size] as? NSNumber)?.stringValue ?? "-"].joined(separator: ":")
        // Banks, their entries, holds and revoked materials change the matcher too.
        let banks = (try? await BankMatching.revision(on: app.db)) ?? "-"
        let latest = (try? await AnalysisRevision.current(on: app.db)).map { $0 + "/" + classifierStamp + "/" + banks }
        if let loadedAt, Date().timeIntervalSince(loadedAt) < maxAge, latest == nil || latest == revision { return }
        do {
            text = try await AnalyzerFactory.make(on: app.db, config: app.kaiguul)
            matcher = try await BankMatching.matcher(on: app.db)
            revision = latest
            loadedAt = Date()
        } catch {
            app.logger.error("analysis context could not load: \(error)")
            // Retried in half a minute (or at the next registry change), not by every item in between.
            revision = latest
            loadedAt = Date().addingTimeInterval(min(30, maxAge) - maxAge)
        }
    }
}

/// Text analysis of an item: language, indicators, near-duplicates of banned texts, classifier,
/// and the triage priority that combines them (Detection's `TriagePriority`).
struct TextItemAnalyzer: ItemAnalyzer {
    let name = "text"
    let context: AnalysisContext

    func analyze(_ item: ExtractedItem, media: [StoredMedia], source: SourceSnapshot) async -> [Finding] {
        guard let analyzer = await context.current().0 else { return [] }
        let text = Self.analysedText(title: item.title, text: item.text)
        guard !text.isEmpty else { return [] }
        let analysis = analyzer.analyze(text)
        var findings = analysis.signals.map { signal in
            Finding(kind: signal.kind.rawValue, score: signal.score, organizationID: signal.organizationID.flatMap(Int.init),
                    materialID: signal.materialID.flatMap(Int.init), details: Self.json(signal))
        }
        struct Triage: Encodable {
            var language: LanguageGuess
            var priority: TriagePriority
        }
        findings.append(Finding(kind: "triage", score: Double(analysis.priority.score) / 100, organizationID: nil,
                                materialID: nil, details: Self.json(Triage(language: analysis.language, priority: analysis.priority)),
                                triage: TriageVerdict(priority: analysis.priority,
                                                      language: analysis.language.isUndetermined ? nil : analysis.language.code)))
        return findings
    }

    /// The text the analysers read, to which a signal's spans (UTF-8 byte offsets) point.
    static func analysedText(title: String?, text: String) -> String {
        [title, text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// Every image an item showed, hashed (PDQ, MD5, SHA-256) and matched against the enabled banks
/// (each with its own PDQ distance; a negative bank's match silences the media); a match becomes a
/// `pdq` (or exact-hash) signal naming the banked item, its bank, distance and quality. A hash that
/// floods (`FloodQuarantine`) is held and its matches dropped.
/// With tesseract installed, the text in each image goes through the text analysis too; its
/// findings carry the kind prefix `ocr_`.
///
/// With `queuesSlowWork` (the worker's pipeline) neither OCR nor a video's frames run here: the
/// check stores the item and queues `ocr_image` and `video_hash` jobs (`SlowMediaWork`), which add
/// their signals to the item later through the same functions (`ocrFindings`, `videoFindings`).
struct MediaItemAnalyzer: ItemAnalyzer {
    let name = "media"
    let context: AnalysisContext
    let blobs: BlobStore
    var textExtractor: TextExtractor? = TextExtractor()
    var queuesSlowWork = false

    func analyze(_ item: ExtractedItem, media: [StoredMedia], source: SourceSnapshot) async -> [Finding] {
        let (text, matcher) = await context.current()
        var findings: [Finding] = []
        for stored in media {
            // A video (yt-dlp's file of a video capture) is matched frame by frame; OCR of a video is not tried.
            if let sha = stored.sha256, Self.isVideo(stored) {
                if !queuesSlowWork, let matcher, !matcher.isEmpty {
                    findings += videoFindings(stored, sha256: sha, matcher: matcher)
                }
                continue
            }
            guard let sha = stored.sha256, let data = try? blobs.read(sha, maxBytes: 32 << 20) else { continue }
            if !queuesSlowWork, let text {
                findings += ocrFindings(data, stored: stored, sha256: sha, text: text)
            }
            guard let matcher, !matcher.isEmpty else { continue }
            let analysis = MediaAnalyzer(matcher: matcher).analyze(data: data)
            for match in analysis.matches {
                findings.append(Self.finding(match, stored: stored, sha256: sha, second: nil, matcher: matcher))
            }
        }
        return await quarantined(findings, item: item)
    }

    /// The text tesseract reads in an image, analysed as an item's text is; a finding per signal,
    /// its kind prefixed `ocr_`, its details naming the image (`media_sha256`, `media_url`) so a
    /// retried OCR job can tell it already stored them. Nothing without tesseract or under 8 words.
    func ocrFindings(_ data: Data, stored: StoredMedia, sha256 sha: String, text: TextAnalyzer) -> [Finding] {
        guard let ocr = textExtractor, ocr.isAvailable, let words = try? ocr.extractText(from: data),
              words.count >= 8 else { return [] }
        return text.analyze(words).signals.map { signal in
            Finding(kind: "ocr_" + signal.kind.rawValue, score: signal.score,
                    organizationID: signal.organizationID.flatMap(Int.init), materialID: signal.materialID.flatMap(Int.init),
                    details: Self.namingMedia(TextItemAnalyzer.json(signal), url: stored.url, sha256: sha))
        }
    }

    /// A signal's JSON with the image it was read from added (sorted keys, as every details JSON).
    static func namingMedia(_ details: String, url: String, sha256: String) -> String {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(details.utf8))) as? [String: Any] else {
            return details
        }
        object["media_sha256"] = sha256
        object["media_url"] = url
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return details }
        return String(decoding: data, as: UTF8.self)
    }

    /// Drops the findings of hashes the flood quarantine holds, after counting this item against them.
    func quarantined(_ findings: [Finding], item: ExtractedItem) async -> [Finding] {
        await quarantined(findings, itemKey: item.permalink ?? item.platformID
            ?? TextItemAnalyzer.analysedText(title: item.title, text: item.text))
    }

    /// The same, for an item known by its permalink, platform id or text (a job reads it from its row).
    func quarantined(_ findings: [Finding], itemKey key: String) async -> [Finding] {
        let banked = findings.compactMap { Self.bankedHash($0) }
        guard !banked.isEmpty else { return findings }
        let held = await context.flood.record(item: key, hashes: Set(banked), db: await context.database,
                                              logger: await context.logger)
        guard !held.isEmpty else { return findings }
        return findings.filter { Self.bankedHash($0).map { !held.contains($0) } ?? true }
    }

    /// `kind:value` of the banked hash a media finding names.
    static func bankedHash(_ finding: Finding) -> String? {
        guard finding.kind == "pdq" || finding.kind.hasPrefix("exact_") else { return nil }
        struct Banked: Decodable { var kind: String; var banked: String }
        guard let banked = try? JSONDecoder().decode(Banked.self, from: Data(finding.details.utf8)) else { return nil }
        return banked.kind + ":" + banked.banked
    }

    /// One bank match as a `pdq` (or exact-hash) finding; `second` names a video's frame.
    static func finding(_ match: BankMatch, stored: StoredMedia, sha256 sha: String, second: Int?,
                        matcher: MediaMatcher) -> Finding {
        struct Details: Encodable {
            var media_url: String
            var media_sha256: String
            var banked: String
            var label: String
            var source: String
            var kind: String
            var distance: Int
            var quality: Int?
            var transform: String
            var second: Int?
        }
        let f = match.fingerprint
        let materialID = f.source.hasPrefix("material #") ? Int(f.source.dropFirst("material #".count)) : nil
        let score = f.kind.isPerceptual ? max(0, 1 - Double(match.distance) / 64) : 1
        return Finding(
            kind: f.kind.isPerceptual ? "pdq" : "exact_" + f.kind.rawValue, score: score, organizationID: nil,
            materialID: materialID,
            details: TextItemAnalyzer.json(Details(media_url: stored.url, media_sha256: sha, banked: f.value,
                                                   label: f.label, source: f.source, kind: f.kind.rawValue,
                                                   distance: match.distance, quality: match.quality,
                                                   transform: match.transform.rawValue, second: second)),
            media: TriagePriority.MediaEvidence(exact: !f.kind.isPerceptual, distance: match.distance,
                                                quality: match.quality, threshold: f.maxDistance ?? matcher.maxDistance))
    }

    static func isVideo(_ stored: StoredMedia) -> Bool {
        (stored.contentType ?? "").lowercased().hasPrefix("video/")
    }

    /// The video's frames (one a second, through ffmpeg) against the bank's images, and the file's exact
    /// hashes; one finding per banked entry, at the first second it matched (a clip repeats its frames).
    func videoFindings(_ stored: StoredMedia, sha256 sha: String, matcher: MediaMatcher) -> [Finding] {
        guard let file = try? blobs.url(for: sha), FileManager.default.fileExists(atPath: file.path) else { return [] }
        let analysis = MediaAnalyzer(matcher: matcher).analyzeVideo(fileAt: file)
        var seen = Set<String>()
        var findings: [Finding] = []
        for (second, match) in analysis.matches {
            let key = match.fingerprint.kind.rawValue + ":" + match.fingerprint.value
            guard seen.insert(key).inserted else { continue }
            findings.append(Self.finding(match, stored: stored, sha256: sha, second: second, matcher: matcher))
        }
        return findings
    }
}
