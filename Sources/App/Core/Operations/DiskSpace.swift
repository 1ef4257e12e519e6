import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum DiskSpace {
    /// Bytes an unprivileged process may still write on the file system holding `path` (`f_bavail`:
    /// the blocks reserved for root do not help a server that runs as its own user). Nil when the
    /// path cannot be examined.
    static func available(at path: String) -> UInt64? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        return UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
    }
}
