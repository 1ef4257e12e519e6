import Detection
import Foundation

extension Bench {
    /// minhash CORPORA OUT_DIR: builds materials and queries from corpus sentences, writes them (as
    /// matching-key words) for datasketch, times our signatures + LSH, and writes our candidates.
    static func minhash(_ arguments: [String]) throws {
        guard arguments.count >= 2 else { throw BenchError.usage("minhash CORPORA OUT_DIR [MATERIALS] [QUERIES]") }
        let corpora = URL(fileURLWithPath: arguments[0])
        let out = URL(fileURLWithPath: arguments[1])
        let materialCount = arguments.count >= 3 ? Int(arguments[2]) ?? 2000 : 2000
        let queryCount = arguments.count >= 4 ? Int(arguments[3]) ?? 1000 : 1000
        let seedCount = arguments.count >= 5 ? Int(arguments[4]) ?? 5 : 5
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let lines = corpusLines(corpora, ["kaznerd-sentences/kk_kaznerd-valid.txt", "ud-sentences/ky_ktmu-train.txt",
                                          "ud-sentences/ru_taiga-dev.txt", "ud-sentences/uz_uzudt-train.txt"])
        let normalizer = TextNormalizer()
        let keyed = lines.map { normalizer.matchingKey($0).words().map(String.init) }
        var random = SplitMix(state: 7)
        // Materials: 8 consecutive sentences each.
        var materials: [[String]] = []
        for index in 0..<materialCount {
            let start = (index * 8) % max(1, keyed.count - 8)
            materials.append(keyed[start..<(start + 8)].flatMap { $0 })
        }
        // Queries: half edited copies of a material (5–35 % of words replaced), half other text.
        let vocabulary = keyed.flatMap { $0 }
        var queries: [[String]] = []
        for index in 0..<queryCount {
            if index % 2 == 0 {
                var words = materials.randomElement(using: &random) ?? []
                let share = Double.random(in: 0.05...0.35, using: &random)
                for position in words.indices where Double.random(in: 0..<1, using: &random) < share {
                    words[position] = vocabulary.randomElement(using: &random) ?? "x"
                }
                queries.append(words)
            } else {
                let start = Int.random(in: (materialCount * 8)..<max(materialCount * 8 + 1, keyed.count - 8),
                                       using: &random)
                queries.append(keyed[min(start, keyed.count - 8)..<min(start + 8, keyed.count)].flatMap { $0 })
            }
        }
        try (materials.map { $0.joined(separator: " ") }.joined(separator: "\n") + "\n")
            .write(to: out.appendingPathComponent("materials.txt"), atomically: true, encoding: .utf8)
        try (queries.map { $0.joined(separator: " ") }.joined(separator: "\n") + "\n")
            .write(to: out.appendingPathComponent("queries.txt"), atomically: true, encoding: .utf8)

        let materialTexts = materials.map { $0.joined(separator: " ") }
        let queryTexts = queries.map { $0.joined(separator: " ") }
        // Same input as datasketch gets: the word lists (already matching keys). Several seeds, because
        // recall near the threshold depends on the draw of hash functions.
        var build = 0.0
        var query = 0.0
        var index = NearDuplicateIndex()
        for seed in 1...max(1, seedCount) {
            let options = NearDuplicateIndex.Options(threshold: 0.5, numPermutations: 128, shingleSize: 3,
                                                     chunkWords: 0, seed: UInt64(seed))
            index = NearDuplicateIndex(options: options)
            build += seconds {
                for (number, words) in materials.enumerated() {
                    let chunks = index.chunkSignatures(words: words)
                    try? index.add(index.fingerprint(materialID: String(number), chunks: chunks))
                }
            }
            var results: [[String]] = []
            query += seconds {
                for words in queries {
                    let signatures = index.chunkSignatures(words: words)
                    results.append(index.query(signatures: signatures, limit: Int.max, filter: false).map(\.materialID))
                }
            }
            try (results.map { $0.joined(separator: " ") }.joined(separator: "\n") + "\n")
                .write(to: out.appendingPathComponent("kaiguul-candidates-\(seed).txt"), atomically: true,
                       encoding: .utf8)
        }
        let options = NearDuplicateIndex.Options(threshold: 0.5, numPermutations: 128, shingleSize: 3, chunkWords: 0)
        // The full path App takes: raw text through normalisation and keying.
        var fromText = NearDuplicateIndex(options: options)
        let buildFromText = seconds {
            for (number, text) in materialTexts.enumerated() { fromText.add(materialID: String(number), text: text) }
        }
        let queryFromText = seconds { for text in queryTexts { _ = fromText.query(text, limit: Int.max) } }
        print(String(format: "kaiguul with normalisation: build %.4f s, query %.4f s", buildFromText, queryFromText))
        print(String(format: "kaiguul: bands=%d rows=%d seeds=%d build %.4f s (%d materials), "
                     + "query %.4f s (%d queries)",
                     index.bands, index.rows, seedCount, build, materialTexts.count, query, queryTexts.count))
    }
}
