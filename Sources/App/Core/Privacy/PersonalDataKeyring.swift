import Crypto
import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#endif

/// The keys that protect what Kaiguul holds about people (volunteers' names and contacts, tip
/// senders' contacts). They live outside the database, so a copy of the database or of a backup
/// alone reveals none of it.
///
/// The folder (`data/keys/personal/`, or `KAIGUUL_PERSONAL_KEY_DIR`) holds, each mode 0600:
/// - `data-<id>.key`: key-encryption keys (32 random bytes, base64). The newest id is current and
///   wraps new records' data keys; older ones unwrap records not yet re-wrapped. `kaiguul keys
///   rotate-data-key` adds a new one, re-wraps every record, and moves the old ones to `retired/`,
///   where they stay so that older backups can still be read.
/// - `search.key`: the HMAC key of the contact search column. It is not rotated: rotating it would
///   need every contact decrypted and hashed again at once, and it protects only equality lookups.
///
/// Another process (a second `serve`, a worker, the rotation command) may add a key at any time:
/// an unknown id is looked for on disk before it is refused, and the current key is re-read at
/// most every `rescanInterval`, so rotation needs no restart.
final class PersonalDataKeyring: Sendable {
    let directory: URL
    static let rescanInterval: TimeInterval = 10
    /// How long the current key is trusted before the folder is read again (`rescanInterval`).
    let rescanAfter: TimeInterval
    static let searchFile = "search.key"
    static let retiredFolder = "retired"

    private struct State {
        var keys: [String: SymmetricKey] = [:]
        var currentID = ""
        var scannedAt = Date.distantPast
    }

    private let state = NIOLockedValueBox(State())
    let searchKey: SymmetricKey

    /// Opens the folder; with `create`, makes it and its first keys when absent (the instance's own
    /// folder). A folder named by the environment is the operator's and is never created.
    init(directory: URL, create: Bool, rescanAfter: TimeInterval = PersonalDataKeyring.rescanInterval) throws {
        self.directory = directory
        self.rescanAfter = rescanAfter
        let fm = FileManager.default
        if !fm.fileExists(atPath: directory.path) {
            guard create else { throw KeyStoreError.unreadable("\(directory.path) (personal data keys) does not exist") }
            try fm.createDirectory(at: directory, withIntermediateDirectories: true,
                                   attributes: [.posixPermissions: 0o700])
        }
        let search = directory.appendingPathComponent(Self.searchFile)
        if !fm.fileExists(atPath: search.path) {
            guard create else { throw KeyStoreError.unreadable("\(search.path) does not exist") }
            try KeyStore.writeExclusive(search, Data(Self.newKeyText().utf8))
        }
        searchKey = try Self.readKey(search)
        try rescan()
        if state.withLockedValue({ $0.currentID.isEmpty }) {
            guard create else { throw KeyStoreError.unreadable("\(directory.path) holds no data-*.key") }
            _ = try addKey()
        }
    }

    static func locate(dataDirectory: URL, env: [String: String]) -> (directory: URL, operators: Bool) {
        if let named = env["KAIGUUL_PERSONAL_KEY_DIR"], !named.isEmpty {
            return (URL(fileURLWithPath: named), true)
        }
        return (dataDirectory.appendingPathComponent("keys/personal"), false)
    }

    // MARK: keys

    /// The key new records are wrapped with.
    func current() throws -> (id: String, key: SymmetricKey) {
        let stale = state.withLockedValue { Date().timeIntervalSince($0.scannedAt) > rescanAfter }
        if stale { try? rescan() }
        return try state.withLockedValue { s in
            guard let key = s.keys[s.currentID] else { throw PersonalDataError.noKey(s.currentID) }
            return (s.currentID, key)
        }
    }

    func key(id: String) throws -> SymmetricKey {
        if let key = state.withLockedValue({ $0.keys[id] }) { return key }
        try rescan()
        guard let key = state.withLockedValue({ $0.keys[id] }) else { throw PersonalDataError.noKey(id) }
        return key
    }

    /// Ids of every key this keyring can read (current and retired).
    var knownIDs: [String] { state.withLockedValue { $0.keys.keys.sorted() } }
    var currentID: String { (try? current().id) ?? "" }

    /// Reads the folder and `retired/` again.
    func rescan() throws {
        var keys: [String: SymmetricKey] = [:]
        var newest = ""
        for (folder, isRetired) in [(directory, false), (directory.appendingPathComponent(Self.retiredFolder), true)] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names {
                guard let id = Self.id(fromFileName: name) else { continue }
                keys[id] = try Self.readKey(folder.appendingPathComponent(name))
                if !isRetired, id > newest { newest = id }
            }
        }
        state.withLockedValue {
            $0.keys = keys
            $0.currentID = newest
            $0.scannedAt = Date()
        }
    }

    /// Writes a new key-encryption key, which becomes current here at once and in other processes
    /// within `rescanInterval`.
    @discardableResult
    func addKey(now: Date = Date()) throws -> String {
        let id = Self.newID(now)
        try KeyStore.writeExclusive(directory.appendingPathComponent("data-\(id).key"), Data(Self.newKeyText().utf8))
        try rescan()
        return id
    }

    /// Moves keys out of the current set into `retired/`: they still unwrap, never wrap.
    func retire(_ ids: [String]) throws {
        let retired = directory.appendingPathComponent(Self.retiredFolder)
        try FileManager.default.createDirectory(at: retired, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        for id in ids {
            let name = "data-\(id).key"
            let from = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: from.path) else { continue }
            guard rename(from.path, retired.appendingPathComponent(name).path) == 0 else {
                throw KeyStoreError.unreadable("cannot move \(from.path) to \(retired.path)")
            }
        }
        try rescan()
    }

    // MARK: files

    static func id(fromFileName name: String) -> String? {
        guard name.hasPrefix("data-"), name.hasSuffix(".key") else { return nil }
        let id = String(name.dropFirst(5).dropLast(4))
        guard !id.isEmpty, id.count <= 40, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            return nil
        }
        return id
    }

    /// A sortable id: UTC time to the second, then random letters, so two keys made in the same
    /// second by two processes do not collide and the newer sorts last.
    static func newID(_ now: Date) -> String {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: now)
        let stamp = String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0,
                           c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
        let tail = (0..<4).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! }
        return stamp + String(tail)
    }

    static func newKeyText() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
    }

    static func readKey(_ file: URL) throws -> SymmetricKey {
        let text = try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let data = Data(base64Encoded: text), data.count == 32 else {
            throw KeyStoreError.unreadable("\(file.path) is not a 256-bit key in base64")
        }
        return SymmetricKey(data: data)
    }
}

enum PersonalDataError: Error, CustomStringConvertible {
    case noKey(String)
    case malformed(String)
    case tampered(String)

    var description: String {
        switch self {
        case .noKey(let id): "personal data key \(id.isEmpty ? "(none)" : id) is not in the key folder"
        case .malformed(let what): "sealed \(what) is not in Kaiguul's format"
        case .tampered(let what): "sealed \(what) does not open with its key (altered or moved)"
        }
    }
}
