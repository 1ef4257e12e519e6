/// A banned video known by its frame hashes.
public struct BankedVideo: Sendable, Hashable, Codable {
    public let label: String
    public let source: String
    public let frames: [VideoFrameHash]

    public init(label: String, source: String, frames: [VideoFrameHash]) {
        self.label = label
        self.source = source
        self.frames = frames
    }
}

/// How much of two videos matches, as vPDQ measures it: the share of the query's distinct
/// usable frames that have a near frame in the banked video, and the other way round.
public struct VideoComparison: Sendable, Hashable {
    public let queryMatchedPercent: Double
    public let bankedMatchedPercent: Double
    public let isMatch: Bool
}

public struct VideoMatch: Sendable, Hashable {
    public let video: BankedVideo
    public let comparison: VideoComparison
}

/// Matches a video's frames against banked videos: an index over every banked frame finds the
/// candidate videos, and the vPDQ comparison decides. Thresholds apply both ways, so a short
/// clip cut from a banned video matches when enough of each side is shared.
public struct VideoMatcher: Sendable {
    public let videos: [BankedVideo]
    public let maxDistance: Int
    public let minimumQuality: Int
    public let queryThresholdPercent: Double
    public let bankedThresholdPercent: Double
    let index: PDQIndex
    let owners: [Int]

    public init(videos: [BankedVideo], maxDistance: Int = 31, minimumQuality: Int = 50,
                queryThresholdPercent: Double = 50, bankedThresholdPercent: Double = 50) {
        self.videos = videos
        self.maxDistance = maxDistance
        self.minimumQuality = minimumQuality
        self.queryThresholdPercent = queryThresholdPercent
        self.bankedThresholdPercent = bankedThresholdPercent
        var hashes: [PDQHash] = []
        var owners: [Int] = []
        for (v, video) in videos.enumerated() {
            for frame in video.frames where frame.quality >= minimumQuality {
                hashes.append(frame.hash)
                owners.append(v)
            }
        }
        index = PDQIndex(hashes)
        self.owners = owners
    }

    public func matches(_ frames: [VideoFrameHash]) -> [VideoMatch] {
        var candidates = Set<Int>()
        for frame in frames where frame.quality >= minimumQuality {
            for hit in index.search(frame.hash, maxDistance: maxDistance) { candidates.insert(owners[hit.id]) }
        }
        return candidates.sorted().compactMap { v in
            let comparison = Self.compare(query: frames, banked: videos[v].frames, maxDistance: maxDistance,
                                          minimumQuality: minimumQuality,
                                          queryThresholdPercent: queryThresholdPercent,
                                          bankedThresholdPercent: bankedThresholdPercent)
            return comparison.isMatch ? VideoMatch(video: videos[v], comparison: comparison) : nil
        }.sorted { $0.comparison.bankedMatchedPercent > $1.comparison.bankedMatchedPercent }
    }

    /// The vPDQ comparison over distinct frames of sufficient quality (brute force: videos
    /// have hundreds of frames, not millions).
    public static func compare(query: [VideoFrameHash], banked: [VideoFrameHash], maxDistance: Int = 31,
                               minimumQuality: Int = 50, queryThresholdPercent: Double = 50,
                               bankedThresholdPercent: Double = 50) -> VideoComparison {
        let q = Array(Set(query.filter { $0.quality >= minimumQuality }.map(\.hash)))
        let b = Array(Set(banked.filter { $0.quality >= minimumQuality }.map(\.hash)))
        guard !q.isEmpty, !b.isEmpty else {
            return VideoComparison(queryMatchedPercent: 0, bankedMatchedPercent: 0, isMatch: false)
        }
        let qMatched = q.filter { x in b.contains { x.distance(to: $0) <= maxDistance } }.count
        let bMatched = b.filter { x in q.contains { x.distance(to: $0) <= maxDistance } }.count
        let qPercent = Double(qMatched) * 100 / Double(q.count)
        let bPercent = Double(bMatched) * 100 / Double(b.count)
        return VideoComparison(queryMatchedPercent: qPercent, bankedMatchedPercent: bPercent,
                               isMatch: qPercent >= queryThresholdPercent && bPercent >= bankedThresholdPercent)
    }
}
