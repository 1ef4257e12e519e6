import Foundation
import Vapor

/// The operator's settings for the health, readiness and metrics endpoints, read once at start.
///
/// `/metrics` is closed unless the operator opens it: with a token (`KAIGUUL_METRICS_TOKEN`, sent as
/// `Authorization: Bearer …`) or an address allow-list (`KAIGUUL_METRICS_ALLOW`, comma-separated
/// addresses or CIDRs, matched against the client address `ProxyTrust` settles). With neither the
/// route answers 404, as if it did not exist: the figures say how busy the programme is.
struct OperationsSettings: Sendable {
    var metricsToken: String?
    var metricsAllow: [AddressRange] = []
    /// Free space the data folder must keep for `/readyz` to say ready (`KAIGUUL_READY_MIN_FREE_MB`).
    var readyMinFreeMB: Int = 1024
    /// How long a scrape reuses the database figures of the one before (`DatabaseMetricsCache`).
    var metricsCacheSeconds: TimeInterval = 10
    /// Entries of `KAIGUUL_METRICS_ALLOW` that are not addresses or CIDRs; start refuses them.
    var rejected: [String] = []

    /// A token shorter than this is guessable; start refuses it rather than publish behind it.
    static let minimumTokenLength = 16
    static let defaultMinFreeMB = 1024

    var metricsEnabled: Bool { metricsToken != nil || !metricsAllow.isEmpty }

    static func from(_ env: [String: String]) -> OperationsSettings {
        var settings = OperationsSettings()
        settings.metricsToken = env["KAIGUUL_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        for entry in (env["KAIGUUL_METRICS_ALLOW"] ?? "").split(separator: ",") {
            let text = entry.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            if let range = AddressRange(text) { settings.metricsAllow.append(range) } else { settings.rejected.append(text) }
        }
        if let text = env["KAIGUUL_READY_MIN_FREE_MB"], !text.isEmpty {
            if let mb = Int(text), mb >= 0 { settings.readyMinFreeMB = mb } else { settings.rejected.append(text) }
        }
        if let text = env["KAIGUUL_METRICS_CACHE_SECONDS"], !text.isEmpty {
            if let seconds = Int(text), (0...3600).contains(seconds) {
                settings.metricsCacheSeconds = TimeInterval(seconds)
            } else {
                settings.rejected.append(text)
            }
        }
        return settings
    }

    /// Why the settings cannot be used, or nil.
    var problem: String? {
        if !rejected.isEmpty {
            return "KAIGUUL_METRICS_ALLOW, KAIGUUL_READY_MIN_FREE_MB, KAIGUUL_METRICS_CACHE_SECONDS: "
                + "not an address, CIDR or number (seconds 0–3600): "
                + rejected.map { "\"\($0.prefix(64))\"" }.joined(separator: ", ")
        }
        if let token = metricsToken, token.utf8.count < Self.minimumTokenLength {
            return "KAIGUUL_METRICS_TOKEN: at least \(Self.minimumTokenLength) characters"
        }
        return nil
    }
}

struct OperationsSettingsKey: StorageKey {
    typealias Value = OperationsSettings
}

extension Application {
    /// Tests change these after `configure`; requests read them each time.
    var operations: OperationsSettings {
        get { storage[OperationsSettingsKey.self] ?? OperationsSettings() }
        set { storage[OperationsSettingsKey.self] = newValue }
    }
}
