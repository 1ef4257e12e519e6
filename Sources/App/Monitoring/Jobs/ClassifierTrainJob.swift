import Detection
import Foundation
import Vapor

/// The `classifier_train` job: the triage classifier trained again from the analysts' decisions
/// (`kaiguul classifier train --from-decisions --queue`, or queued by anything else that wants a
/// fresh model), written to `data/models/triage.classifier` of the worker that ran it; the analysis
/// context reloads a changed model file on its next use.
enum ClassifierTrainJob {
    static let kind = "classifier_train"
    /// One retraining queued or running at a time: a second request while one waits is the same request.
    static let dedupeKey = "decisions"

    struct Payload: Codable, Sendable {
        var from_decisions: Bool
    }

    /// Queues a retraining; nil when one is already queued or running.
    static func enqueue(app: Application) async throws -> Int? {
        let payload = String(decoding: try JSONEncoder().encode(Payload(from_decisions: true)), as: UTF8.self)
        return try await app.write { db in
            try await JobQueue.enqueue(kind: kind, payload: payload, dedupeKey: dedupeKey, on: db)
        }
    }

    struct NothingToLearn: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ job: ClaimedJob, app: Application) async throws {
        let samples = try await DecisionStore.samples(on: app.db)
        let labels = Set(samples.map(\.label))
        guard labels.count >= 2 else {
            throw NothingToLearn(description: "need decisions with at least two different labels, have \(labels.count)")
        }
        let model = try await SlowMediaWork.offPool { try TextClassifier.train(samples: samples) }
        try Task.checkCancellation()
        let out = AnalyzerFactory.classifierURL(app.kaiguul)
        try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Atomic: a check loading the model meanwhile reads the old file or the new one, never half.
        try model.serialized().write(to: out, options: .atomic)
        app.logger.info("classifier_train: \(samples.count) samples, labels \(model.labels.joined(separator: ", "))")
    }
}
