import Vapor

struct SigningKeysKey: StorageKey {
    typealias Value = SigningKeys
}

extension Application {
    /// The instance's signing keys, read (or created) at configure time.
    var signingKeys: SigningKeys {
        get {
            guard let keys = storage[SigningKeysKey.self] else { fatalError("signing keys not loaded: call configure(_:) first") }
            return keys
        }
        set { storage[SigningKeysKey.self] = newValue }
    }

    func loadSigningKeys(env: [String: String] = ProcessInfo.processInfo.environment) throws {
        let locations = KeyStore.Locations.from(dataDirectory: kaiguul.dataDirectory, env: env)
        var (keys, warnings) = try KeyStore.loadOrCreate(locations)
        for warning in warnings { logger.warning("\(warning)") }
        keys.instance = env["KAIGUUL_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? ProcessInfo.processInfo.hostName
        signingKeys = keys
    }

    /// Rotates the pair of `use` (see `KeyStore.rotate`) and reloads the keys, so this process
    /// signs with the new one at once; other running processes keep the old key until restarted.
    func rotateSigningKey(
        _ use: PublishedKey.Use, env: [String: String] = ProcessInfo.processInfo.environment, now: Date = Date()
    ) throws -> (retired: PublishedKey, current: PublishedKey) {
        let locations = KeyStore.Locations.from(dataDirectory: kaiguul.dataDirectory, env: env)
        let rotated = try KeyStore.rotate(use, locations, now: now)
        try loadSigningKeys(env: env)
        return rotated
    }
}

extension Request {
    var signingKeys: SigningKeys { application.signingKeys }
}
