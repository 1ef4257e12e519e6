import Vapor

enum Passwords {
    static let minimumLength = 10
    static let maximumLength = 72  // bcrypt reads at most 72 bytes; longer would be silently cut.

    static func hash(_ password: String, cost: Int) throws -> String {
        try Bcrypt.hash(password, cost: cost)
    }

    static func verify(_ password: String, hash: String) -> Bool {
        (try? Bcrypt.verify(password, created: hash)) ?? false
    }

    /// A readable one-time password for first start and resets: 20 characters, ~119 bits.
    static func generate() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// How long a password an admin handed out (new account, reset) may be used: after that the
    /// login refuses it and an admin must reset again.
    static let oneTimeLifetime: TimeInterval = 72 * 3600

    static func oneTimeExpiry(from now: Date = Date()) -> Date { now.addingTimeInterval(oneTimeLifetime) }

    static func problem(_ password: String) -> String? {
        if password.count < minimumLength { return "error.password_short" }
        if password.utf8.count > maximumLength { return "error.password_long" }
        return nil
    }
}
