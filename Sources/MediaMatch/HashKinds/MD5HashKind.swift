import Foundation

/// MD5 of a file's bytes: what TCAP and GIFCT lists carry for videos and exact copies.
public struct MD5HashKind: HashKind {
    public let name = "md5"
    public let listNames = ["MD5"]
    public let hexLength = 32
    public let matching = HashMatching.exactBytes

    public func digest(of data: Data) -> String? { Digest.md5(data) }
}

extension FingerprintKind {
    public static let md5 = FingerprintKind(registered: "md5")
}
