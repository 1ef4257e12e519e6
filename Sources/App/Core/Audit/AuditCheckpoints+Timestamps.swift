import Crypto
import Foundation
import Vapor

extension AuditCheckpoints {
    /// RFC 3161 tokens over the SHA-256 of a checkpoint statement, one per configured authority
    /// that answered; none when no authority is configured. An outsider checks one with
    /// `openssl ts -verify -data statement.txt -in token.tsr -CAfile roots.pem`.
    static func timestamps(for statement: Data, app: Application) async -> [AuditCheckpointTimestamp] {
        let authorities = app.timestampAuthorities
        guard authorities.isConfigured else { return [] }
        let digest = Array(SHA256.hash(data: statement))
        return await authorities.stamp(sha256: digest, client: app.http.client.shared, logger: app.logger).map {
            AuditCheckpointTimestamp(
                tsa: $0.tsa, genTime: $0.genTime.formatted(.iso8601),
                response: $0.response.base64EncodedString())
        }
    }
}
