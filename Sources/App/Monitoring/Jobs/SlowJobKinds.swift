import Foundation

/// The job kinds that take long and are not part of a source check: OCR of an image, the frames
/// of a video, re-training the classifier. Each runs in its own slots of a worker, so however many
/// of them wait, the general slots stay free for source checks.
///
/// Per kind, from the environment (`<KIND>` is the kind in capitals, e.g. `OCR_IMAGE`):
/// `KAIGUUL_JOB_<KIND>_CONCURRENCY` — slots of this kind in one worker process (0: this process
/// leaves the kind to others, e.g. a machine without tesseract); `KAIGUUL_JOB_<KIND>_LEASE_SECONDS`
/// — how long a claimed job stays its worker's without renewal, i.e. how soon a dead worker's job
/// is taken up again.
enum SlowJobKinds {
    struct Setting: Sendable, Equatable {
        var concurrency: Int
        var lease: TimeInterval
    }

    static let defaults: [String: Setting] = [
        OCRImageJob.kind: Setting(concurrency: 1, lease: 120),
        VideoHashJob.kind: Setting(concurrency: 1, lease: 300),
        ClassifierTrainJob.kind: Setting(concurrency: 1, lease: 600),
    ]

    static func fromEnvironment(_ env: [String: String]) -> [String: Setting] {
        var settings = defaults
        for (kind, setting) in defaults {
            let name = "KAIGUUL_JOB_" + kind.uppercased()
            var chosen = setting
            if let slots = env[name + "_CONCURRENCY"].flatMap(Int.init) { chosen.concurrency = min(max(slots, 0), 64) }
            if let lease = env[name + "_LEASE_SECONDS"].flatMap(Double.init), lease >= 1 { chosen.lease = lease }
            settings[kind] = chosen
        }
        return settings
    }
}
