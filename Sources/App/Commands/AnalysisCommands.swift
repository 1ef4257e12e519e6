import Detection
import Fluent
import Foundation
import Vapor

/// `kaiguul analyze FILE|-`: the text analysis of one text, as JSON.
struct AnalyzeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "a text file, or - for standard input") var file: String
    }

    var help: String { "Analyses a text (language, indicators, near-duplicates, classifier) and prints JSON." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.requireExistingDatabase()
        let data: Data
        if signature.file == "-" || signature.file == "/dev/stdin" {
            data = FileHandle.standardInput.readData(ofLength: 64 << 20)
        } else {
            data = try Data(contentsOf: URL(fileURLWithPath: signature.file))
        }
        let analyzer = try await AnalyzerFactory.make(on: app.db, config: app.kaiguul)
        var json = try analyzer.analyze(data: data).jsonData()
        json.append(0x0A)
        FileHandle.standardOutput.write(json)
    }
}

/// `kaiguul langid train`: trains the language model from the corpora's train splits.
struct LanguageModelCommands: AsyncCommandGroup {
    var help: String { "Language identification model: train, evaluate." }
    var commands: [String: any AnyAsyncCommand] { ["train": Train(), "evaluate": Evaluate()] }

    static func defaultCorpora() -> String {
        ProcessInfo.processInfo.environment["KAIGUUL_CORPORA_DIR"] ?? "../shared/corpora"
    }

    struct Train: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "corpora", help: "folder with manifest.tsv (default ../shared/corpora)") var corpora: String?
            @Option(name: "out", help: "model file to write (default data/models/langid.model)") var out: String?
        }

        var help: String { "Trains on the train and dev splits only (never test), writes the model file." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let corpora = URL(fileURLWithPath: signature.corpora ?? LanguageModelCommands.defaultCorpora())
            let out = signature.out.map { URL(fileURLWithPath: $0) }
                ?? context.application.kaiguul.dataDirectory.appendingPathComponent("models/langid.model")
            let (model, report) = try LanguageModelTrainer.train(corporaDirectory: corpora)
            try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
            try model.serialized().write(to: out)
            context.console.print("wrote \(out.path)")
            context.console.print(String(describing: report))
        }
    }

    struct Evaluate: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "corpora", help: "folder with manifest.tsv (default ../shared/corpora)") var corpora: String?
        }

        var help: String { "Scores the bundled model on the held-out sentences." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let corpora = URL(fileURLWithPath: signature.corpora ?? LanguageModelCommands.defaultCorpora())
            let samples = try LanguageModelTrainer.evaluationSamples(corporaDirectory: corpora)
            let evaluation = LanguageModelTrainer.evaluate(try LanguageIdentifier.bundled(), samples: samples)
            context.console.print(String(describing: evaluation))
        }
    }
}

/// `kaiguul classifier train --data FILE.jsonl` and `kaiguul classifier evaluate --data FILE.jsonl`.
struct ClassifierCommands: AsyncCommandGroup {
    var help: String { "The triage classifier: train, evaluate." }
    var commands: [String: any AnyAsyncCommand] { ["train": Train(), "evaluate": Evaluate()] }

    static func samples(_ path: String, _ context: CommandContext) throws -> [(text: String, label: String)] {
        let parsed = TextClassifier.parseJSONL(try Data(contentsOf: URL(fileURLWithPath: path)))
        for issue in parsed.errors.prefix(20) { context.console.warning("skipped \(issue)") }
        guard !parsed.samples.isEmpty else { throw CommandFailure("no usable samples in \(path)") }
        return parsed.samples
    }

    struct Train: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "data", help: "JSON Lines: {\"text\": …, \"label\": …}") var data: String?
            @Flag(name: "from-decisions", help: "learn from analysts' decisions (propaganda, reporting, unrelated)")
            var fromDecisions: Bool
            @Option(name: "out", help: "model file (default data/models/triage.classifier)") var out: String?
            @Flag(name: "queue", help: "with --from-decisions: queue a classifier_train job for a worker instead")
            var queue: Bool
        }

        var help: String { "Trains the classifier (multinomial logistic regression over hashed n-grams)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            if signature.queue {
                // A worker may run on another machine: only what the database holds can go with the job.
                guard signature.fromDecisions, signature.data == nil, signature.out == nil else {
                    throw CommandFailure("--queue trains from the decisions only: give --from-decisions, without --data or --out")
                }
                try await context.application.requireExistingDatabase()
                if let id = try await ClassifierTrainJob.enqueue(app: context.application) {
                    context.console.print("queued classifier_train job \(id)")
                } else {
                    context.console.print("a classifier_train job is already queued or running")
                }
                return
            }
            var samples: [(text: String, label: String)] = []
            if let data = signature.data { samples += try ClassifierCommands.samples(data, context) }
            if signature.fromDecisions {
                try await context.application.requireExistingDatabase()
                samples += try await DecisionStore.samples(on: context.application.db)
            }
            guard !samples.isEmpty else { throw CommandFailure("nothing to learn from: give --data FILE.jsonl or --from-decisions") }
            guard Set(samples.map(\.label)).count >= 2 else { throw CommandFailure("need at least two different labels") }
            let model = try TextClassifier.train(samples: samples)
            let out = signature.out.map { URL(fileURLWithPath: $0) } ?? AnalyzerFactory.classifierURL(context.application.kaiguul)
            try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
            try model.serialized().write(to: out)
            context.console.print("trained on \(samples.count) samples, labels \(model.labels.joined(separator: ", ")); wrote \(out.path)")
        }
    }

    struct Evaluate: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "data", help: "JSON Lines test set") var data: String?
            @Option(name: "model", help: "model file (default data/models/triage.classifier)") var model: String?
        }

        var help: String { "Scores a trained classifier: macro-F1 and per-label precision and recall." }

        func run(using context: CommandContext, signature: Signature) async throws {
            guard let data = signature.data else { throw CommandFailure("--data FILE.jsonl is required") }
            let url = signature.model.map { URL(fileURLWithPath: $0) } ?? AnalyzerFactory.classifierURL(context.application.kaiguul)
            let model = try TextClassifierModel(serialized: try Data(contentsOf: url))
            let evaluation = TextClassifier.evaluate(model, samples: try ClassifierCommands.samples(data, context))
            context.console.print(String(describing: evaluation))
        }
    }
}

/// `kaiguul import indicators|materials FILE [--dry-run]`.
struct RegistryImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "indicators or materials") var what: String
        @Argument(name: "file", help: "CSV or JSON file") var file: String
        @Flag(name: "dry-run", help: "validate and report; write nothing") var dryRun: Bool
    }

    var help: String { "Imports indicators or banned materials' texts from CSV/JSON, with validation." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let data = try Data(contentsOf: URL(fileURLWithPath: signature.file))
        switch signature.what {
        case "indicators":
            let report = RegistryImport.indicators(from: data)
            report.summaryLines.forEach { context.console.print($0) }
            // Organisations are known only to the database: their row errors come from the preview.
            let unknown = try await IndicatorImportPreview.make(report, on: app.db).unknownOrganizationErrors
            unknown.prefix(100).forEach { context.console.print("error: \($0)") }
            guard report.isClean, unknown.isEmpty else { throw CommandFailure("nothing imported: fix the errors above") }
            if signature.dryRun { return context.console.print("dry run: nothing written") }
            let count = try await RegistryImportStore.importIndicators(report, actor: .commandLine, app: app)
            context.console.print("imported \(count) indicators")
        case "materials":
            let report = RegistryImport.materials(from: data)
            report.summaryLines.forEach { context.console.print($0) }
            guard report.isClean else { throw CommandFailure("nothing imported: fix the errors above") }
            if signature.dryRun { return context.console.print("dry run: nothing written") }
            let count = try await RegistryImportStore.importMaterials(report.records, actor: .commandLine, app: app)
            context.console.print("imported \(count) banned materials")
        default:
            throw CommandFailure("import what? indicators or materials")
        }
    }
}
