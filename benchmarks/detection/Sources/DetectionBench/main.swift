import Detection
import Foundation

// Subcommands:
//   train-langid CORPORA OUT.model        train the language model (as `kaiguul langid train` will)
//   eval-langid CORPORA [MODEL] [OUT.tsv] accuracy per language; optionally export the samples
//   matcher [INDICATORS] [MB]             indicator matching throughput
//   minhash OUT_DIR                       near-duplicate benchmark data + timings
//   classifier CORPORA OUT_DIR            language-classification task with TextClassifier
let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: DetectionBench train-langid|eval-langid|matcher|minhash|classifier ...")
    exit(2)
}
do {
    switch arguments[1] {
    case "train-langid": try Bench.trainLangID(Array(arguments.dropFirst(2)))
    case "eval-langid": try Bench.evalLangID(Array(arguments.dropFirst(2)))
    case "predict-langid": try Bench.predictLangID(Array(arguments.dropFirst(2)))
    case "analyze": try Bench.analyze(Array(arguments.dropFirst(2)))
    case "matcher": try Bench.matcher(Array(arguments.dropFirst(2)))
    case "minhash": try Bench.minhash(Array(arguments.dropFirst(2)))
    case "classifier": try Bench.classifier(Array(arguments.dropFirst(2)))
    default:
        print("unknown command \(arguments[1])")
        exit(2)
    }
} catch {
    print("error: \(error)")
    exit(1)
}
