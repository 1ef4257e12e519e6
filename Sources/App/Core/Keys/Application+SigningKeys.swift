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
        let (keys, warnings) = try KeyStore.loadOrCreate(locations)
        for warning in warnings { logger.warning("\(warning)") }
        signingKeys = keys
    }
}

extension Request {
    var signingKeys: SigningKeys { application.signingKeys }
}
