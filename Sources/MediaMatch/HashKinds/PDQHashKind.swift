import Foundation

/// Meta's PDQ perceptual hash of an image: 256 bits, matched within a Hamming distance.
public struct PDQHashKind: HashKind {
    public let name = "pdq"
    public let listNames = ["PDQ"]
    public let hexLength = 64
    public let matching = HashMatching.imagePDQ
}

extension FingerprintKind {
    public static let pdq = FingerprintKind(registered: "pdq")
}
