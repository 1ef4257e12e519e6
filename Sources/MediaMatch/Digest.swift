import Crypto
import Foundation

/// MD5 and SHA-256 of whole files, the exact-match fingerprints hash-sharing databases carry
/// beside PDQ. Both come from swift-crypto, the project's one implementation; MD5 is here only
/// because partners' hash lists carry it, never for integrity.
public enum Digest {
    public static func sha256(_ data: some DataProtocol) -> String {
        hex(SHA256.hash(data: data))
    }

    public static func md5(_ data: some DataProtocol) -> String {
        hex(Insecure.MD5.hash(data: data))
    }

    /// Both digests of a file, read in 1 MiB chunks (memory stays bounded for any size).
    public static func fileDigests(_ url: URL) throws -> (md5: String, sha256: String) {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var md5 = Insecure.MD5(), sha = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            md5.update(data: chunk)
            sha.update(data: chunk)
        }
        return (hex(md5.finalize()), hex(sha.finalize()))
    }

    /// Lowercase hex, as hash lists write digests.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
