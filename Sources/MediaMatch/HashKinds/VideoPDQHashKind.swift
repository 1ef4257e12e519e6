import Foundation

/// PDQ of one frame of a banned video (vPDQ's per-frame hash): matched against the frames of
/// captured videos, never against still images, where a single frame would be too eager.
public struct VideoPDQHashKind: HashKind {
    public let name = "video_pdq"
    public let listNames = ["VIDEO_PDQ", "VPDQ"]
    public let hexLength = 64
    public let matching = HashMatching.videoFramePDQ
}

extension FingerprintKind {
    public static let videoPDQ = FingerprintKind(registered: "video_pdq")
}
