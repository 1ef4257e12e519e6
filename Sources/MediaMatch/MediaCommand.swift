import Foundation

/// What a command prints, for App to write out and exit with.
public struct CommandOutput: Sendable, Equatable {
    public var standardOutput: String
    public var standardError: String
    public var exitCode: Int32
}

/// The pure parts of `kaiguul media hash` and `kaiguul media match`; App parses the arguments,
/// loads the bank and writes the output.
public enum MediaCommand {
    /// `kaiguul media hash FILE...`: one line `HEX QUALITY FILE` per image; files that cannot be
    /// hashed go to standard error as `FILE: reason`, and the exit code is then 1.
    public static func hash(files: [URL], decoder: ImageDecoder = ImageDecoder()) -> CommandOutput {
        var out = "", err = ""
        for file in files {
            do {
                let image = try decoder.decode(contentsOf: file)
                let result = try PDQHasher.hash(image)
                out += "\(result.hash.hex) \(result.quality) \(file.path)\n"
            } catch {
                err += "\(file.path): \(error.description)\n"
            }
        }
        return CommandOutput(standardOutput: out, standardError: err, exitCode: err.isEmpty ? 0 : 1)
    }

    /// `kaiguul media match FILE`: the bank entries within distance 31 (over rotations and
    /// flips), plus exact MD5/SHA-256 matches. A hash of quality below 50 is printed with a note
    /// and not matched. Videos (anything that is not an image) go through `videoHasher` and are
    /// matched frame by frame against the image bank and as a whole against `videos`.
    /// Exit code 0 when something matched, 2 when nothing did, 1 on error.
    public static func match(file: URL, matcher: MediaMatcher, videos: VideoMatcher? = nil,
                             decoder: ImageDecoder = ImageDecoder(),
                             videoHasher: VideoHasher = VideoHasher()) -> CommandOutput {
        let head: Data
        do {
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            head = try handle.read(upToCount: 16) ?? Data()
        } catch {
            let message = "\(file.path): cannot read: \(error.localizedDescription)\n"
            return CommandOutput(standardOutput: "", standardError: message, exitCode: 1)
        }
        if ImageFormat.detect(head) == .unknown {
            return matchVideo(file: file, matcher: matcher, videos: videos, hasher: videoHasher)
        }
        let data: Data
        do {
            data = try ImageDecoder.read(file, maxBytes: decoder.maxBytes)
        } catch {
            return CommandOutput(standardOutput: "", standardError: "\(file.path): \(error.description)\n", exitCode: 1)
        }
        let analysis = MediaAnalyzer(matcher: matcher, decoder: decoder).analyze(data: data)
        var out = ""
        if let pdq = analysis.pdq {
            out += "\(pdq.hash.hex) \(pdq.quality) \(file.path)\n"
            if analysis.isLowQuality {
                out += "quality \(pdq.quality) is below \(MediaMatcher.minimumQuality): not matched\n"
            }
        }
        for match in analysis.matches { out += line(match) }
        if analysis.matches.isEmpty { out += "no match\n" }
        let err = analysis.problem.map { "\(file.path): \($0.description)\n" } ?? ""
        let code: Int32 = !analysis.matches.isEmpty ? 0 : (analysis.problem == nil ? 2 : 1)
        return CommandOutput(standardOutput: out, standardError: err, exitCode: code)
    }

    static func line(_ match: BankMatch) -> String {
        let f = match.fingerprint
        var text = "match \(f.kind.rawValue) distance=\(match.distance) \(f.value)"
        if match.transform != .original { text += " (\(match.transform.rawValue))" }
        return text + " label=\(quoted(f.label)) source=\(quoted(f.source))\n"
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: " ") + "\""
    }

    static func matchVideo(file: URL, matcher: MediaMatcher, videos: VideoMatcher?,
                           hasher: VideoHasher) -> CommandOutput {
        let digests = try? Digest.fileDigests(file)
        var exact = matcher.matches(md5: digests?.md5, sha256: digests?.sha256)
        let frames: [VideoFrameHash]
        do {
            frames = try hasher.hash(fileAt: file)
        } catch {
            var out = ""
            for match in exact { out += line(match) }
            return CommandOutput(standardOutput: out, standardError: "\(file.path): \(error.description)\n",
                                 exitCode: exact.isEmpty ? 1 : 0)
        }
        var out = "video \(file.path): \(frames.count) distinct frames\n"
        for frame in frames {
            for match in matcher.matches(pdq: frame.hash, quality: frame.quality, frames: true) {
                exact.append(match)
                out += "frame \(frame.second)s " + line(match)
            }
        }
        for match in exact where match.quality == nil { out += line(match) }
        var videoMatches = 0
        for match in videos?.matches(frames) ?? [] {
            videoMatches += 1
            let c = match.comparison
            out += String(format: "match video query=%.1f%% banked=%.1f%%",
                          c.queryMatchedPercent, c.bankedMatchedPercent)
                + " label=\(quoted(match.video.label)) source=\(quoted(match.video.source))\n"
        }
        let matched = !exact.isEmpty || videoMatches > 0
        if !matched { out += "no match\n" }
        return CommandOutput(standardOutput: out, standardError: "", exitCode: matched ? 0 : 2)
    }
}
