import Foundation
import Vapor

struct PersonalDataKeyringKey: StorageKey {
    typealias Value = PersonalDataKeyring
}

extension Application {
    /// The keys of people's data, read (or, in the instance's own folder, created) at configure time.
    var personalData: PersonalDataKeyring {
        guard let keyring = storage[PersonalDataKeyringKey.self] else {
            fatalError("personal data keys not loaded: call configure(_:) first")
        }
        return keyring
    }

    func loadPersonalDataKeys(env: [String: String] = ProcessInfo.processInfo.environment) throws {
        let (directory, operators) = PersonalDataKeyring.locate(dataDirectory: kaiguul.dataDirectory, env: env)
        storage[PersonalDataKeyringKey.self] = try PersonalDataKeyring(directory: directory, create: !operators)
    }
}

extension Request {
    var personalData: PersonalDataKeyring { application.personalData }
}
