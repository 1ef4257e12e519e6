import Exchange
import Foundation

/// Who this instance is when it publishes. The instance name seeds every object id, so it must stay
/// the same for the life of a deployment (`KAIGUUL_INSTANCE`, default `kaiguul`); the public URL is
/// where partners fetch the extension schemas.
enum ExchangeProducer {
    static func current(_ env: [String: String] = ProcessInfo.processInfo.environment) -> STIXProducer {
        let instance = env["KAIGUUL_INSTANCE"].flatMap { $0.isEmpty ? nil : $0 } ?? "kaiguul"
        var base = env["KAIGUUL_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://localhost:8080"
        while base.hasSuffix("/") { base.removeLast() }
        return STIXProducer(instance: instance, name: "Kaiguul (Online Patrol)",
                            schemaBaseURL: base + ExchangeProducer.schemaPath)
    }

    /// Where `ExchangeController` serves the extension schemas.
    static let schemaPath = "/stix/extensions"
}
