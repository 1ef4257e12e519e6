import Foundation
import MediaMatch

// MediaBench pdq IMAGES_DIR SECONDS
// MediaBench index HASHES QUERIES BRUTE_QUERIES
//
// Prints `key value` lines that run.sh puts beside the Python peers' figures.

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

func pdqBenchmark(directory: URL, seconds: Double) {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
        .filter { $0.hasSuffix(".jpg") || $0.hasSuffix(".png") }.sorted()
    guard !names.isEmpty else { fail("no images in \(directory.path)") }
    let files = names.map { (try? Data(contentsOf: directory.appendingPathComponent($0))) ?? Data() }
    let decoder = ImageDecoder()
    let images = files.map { data -> RGBImage in
        guard let image = try? decoder.decode(data) else { fail("cannot decode") }
        return image
    }
    let megapixels = images.reduce(0.0) { $0 + Double($1.pixelCount) } / 1e6
    print("images \(images.count)")
    print("megapixels_per_pass \(String(format: "%.2f", megapixels))")

    // Warm up, then run whole passes until the time is used.
    var sink = 0
    for image in images { sink &+= (try? PDQHasher.hash(image).quality) ?? 0 }
    var passes = 0
    var start = now()
    repeat {
        for image in images { sink &+= (try? PDQHasher.hash(image).quality) ?? 0 }
        passes += 1
    } while now() - start < seconds
    var elapsed = now() - start
    print("pixels_images_per_s \(String(format: "%.1f", Double(passes * images.count) / elapsed))")

    passes = 0
    start = now()
    repeat {
        for data in files {
            if let image = try? decoder.decode(data) { sink &+= (try? PDQHasher.hash(image).quality) ?? 0 }
        }
        passes += 1
    } while now() - start < seconds
    elapsed = now() - start
    print("files_images_per_s \(String(format: "%.1f", Double(passes * files.count) / elapsed))")

    passes = 0
    start = now()
    repeat {
        for image in images { sink &+= (try? PDQHasher.dihedralHashes(image).quality) ?? 0 }
        passes += 1
    } while now() - start < seconds
    elapsed = now() - start
    print("dihedral_images_per_s \(String(format: "%.1f", Double(passes * images.count) / elapsed))")

    // Distances to the reference values, through our decoders.
    for (name, image) in zip(names, images) {
        if let result = try? PDQHasher.hash(image) { print("hash \(name) \(result.hash.hex) \(result.quality)") }
    }
    if sink == 42 { print("") }
}

func readHashes(_ path: String) -> [PDQHash] {
    guard let data = FileManager.default.contents(atPath: path), data.count % 32 == 0 else { fail("bad \(path)") }
    return data.withUnsafeBytes { raw in
        (0..<(data.count / 32)).map { i in
            PDQHash(w0: raw.loadUnaligned(fromByteOffset: 32 * i, as: UInt64.self).littleEndian,
                    w1: raw.loadUnaligned(fromByteOffset: 32 * i + 8, as: UInt64.self).littleEndian,
                    w2: raw.loadUnaligned(fromByteOffset: 32 * i + 16, as: UInt64.self).littleEndian,
                    w3: raw.loadUnaligned(fromByteOffset: 32 * i + 24, as: UInt64.self).littleEndian)
        }
    }
}

func indexBenchmark(hashesPath: String, queriesPath: String, bruteQueries: Int) {
    let hashes = readHashes(hashesPath)
    let queries = readHashes(queriesPath)
    var start = now()
    let index = PDQIndex(hashes)
    print("build_s \(String(format: "%.2f", now() - start))")
    print("bytes_per_hash \(String(format: "%.1f", Double(index.memoryBytes) / Double(hashes.count)))")

    start = now()
    var total = 0
    var results: [[PDQIndexMatch]] = []
    results.reserveCapacity(queries.count)
    for query in queries {
        let found = index.search(query, maxDistance: 31)
        total += found.count
        results.append(found)
    }
    let mihSeconds = now() - start
    print("mih_queries \(queries.count)")
    print("mih_qps \(String(format: "%.0f", Double(queries.count) / mihSeconds))")
    print("mih_total_matches \(total)")

    let brute = min(bruteQueries, queries.count)
    start = now()
    var agree = true
    for q in 0..<brute where index.bruteForce(queries[q], maxDistance: 31) != results[q] { agree = false }
    let bruteSeconds = now() - start
    print("brute_queries \(brute)")
    print("brute_qps \(String(format: "%.1f", Double(brute) / bruteSeconds))")
    print("brute_equals_mih \(agree)")
}

/// Hashes every PPM listed in DIR/expected.tsv and compares with the hash and quality there.
func crossCheck(directory: URL) {
    guard let text = try? String(contentsOf: directory.appendingPathComponent("expected.tsv"), encoding: .utf8) else {
        fail("no expected.tsv")
    }
    var same = 0, different = 0, worst = 0
    for line in text.split(separator: "\n") {
        let fields = line.split(separator: "\t").map(String.init)
        guard fields.count == 3, let expected = PDQHash(hex: fields[1]), let quality = Int(fields[2]),
              let data = FileManager.default.contents(atPath: directory.appendingPathComponent(fields[0]).path),
              let image = ppm(data), let result = try? PDQHasher.hash(image) else { fail("bad line \(line)") }
        let distance = result.hash.distance(to: expected)
        if distance == 0 && result.quality == quality { same += 1 } else {
            different += 1
            worst = max(worst, distance)
            print("differs \(fields[0]) \(image.width)x\(image.height) distance \(distance)"
                + " quality \(result.quality)/\(quality)")
        }
    }
    print("crosscheck_identical \(same)")
    print("crosscheck_different \(different)")
    print("crosscheck_worst_distance \(worst)")
}

func ppm(_ data: Data) -> RGBImage? {
    let bytes = [UInt8](data)
    var fields: [Int] = [], index = 2, value = 0, inNumber = false
    while fields.count < 3 && index < bytes.count {
        let b = bytes[index]
        if (48...57).contains(b) { value = value * 10 + Int(b - 48); inNumber = true } else if inNumber {
            fields.append(value); value = 0; inNumber = false
        }
        index += 1
    }
    guard fields.count == 3, bytes.count >= index + fields[0] * fields[1] * 3 else { return nil }
    let count = fields[0] * fields[1] * 3
    return RGBImage(width: fields[0], height: fields[1], pixels: Array(bytes[index..<(index + count)]))
}

let arguments = CommandLine.arguments
switch arguments.dropFirst().first {
case "pdq" where arguments.count == 4:
    pdqBenchmark(directory: URL(fileURLWithPath: arguments[2]), seconds: Double(arguments[3]) ?? 5)
case "crosscheck" where arguments.count == 3:
    crossCheck(directory: URL(fileURLWithPath: arguments[2]))
case "index" where arguments.count == 5:
    indexBenchmark(hashesPath: arguments[2], queriesPath: arguments[3], bruteQueries: Int(arguments[4]) ?? 100)
default:
    fail("usage: MediaBench pdq IMAGES_DIR SECONDS | index HASHES QUERIES BRUTE_QUERIES")
}
