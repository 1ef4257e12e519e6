import Foundation

/// SHA-256 of a file's bytes, as Kaiguul stores every capture.
public struct SHA256HashKind: HashKind {
    public let name = "sha256"
    public let listNames = ["SHA256", "SHA_256"]
    public let hexLength = 64
    public let matching = HashMatching.exactBytes

    public func digest(of data: Data) -> String? { Digest.sha256(data) }
}

extension FingerprintKind {
    public static let sha256 = FingerprintKind(registered: "sha256")
}
