import Foundation
import Vapor

extension Application {
    /// Activates the timestamper of `services` when time-stamping authorities are configured;
    /// without them captures are hashed but not timestamped (said at start and on evidence pages).
    func startTimestamping(_ services: MonitoringServices) {
        let authorities = timestampAuthorities
        guard authorities.isConfigured else { return }
        let client = http.client.shared
        let logger = self.logger
        let interval = max(authorities.timestampMinutes, 1) * 60
        services.timestamper.activate(WARCTimestamper.Settings(
            stamp: { sha256 in await authorities.stamp(sha256: sha256, client: client, logger: logger) },
            interval: TimeInterval(interval), tick: TimeInterval(min(60, max(interval / 4, 5))), logger: logger))
    }
}
