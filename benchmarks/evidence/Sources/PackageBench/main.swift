import Crypto
import Evidence
import Foundation

// PackageBench WORKDIR MEGABYTES: writes a WARC of about MEGABYTES (4 MiB resource records of
// random, incompressible bytes), then times, alternating, a WACZ of it written unsigned, the same
// signed with an ECDSA P-256 key (WACZ anonymous mode), and the signed package verified.
// Prints one line per measurement on stdout; the WARC's path on the first line.

let arguments = CommandLine.arguments
guard arguments.count == 3, let megabytes = Int(arguments[2]), megabytes > 0 else {
    FileHandle.standardError.write(Data("usage: PackageBench WORKDIR MEGABYTES\n".utf8))
    exit(2)
}
let work = URL(fileURLWithPath: arguments[1])
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

// The WARC: written once, not measured.
let warcDirectory = work.appendingPathComponent("warc")
let writer = try WARCWriter(configuration: WARCWriterConfiguration(
    directory: warcDirectory, maxFileSize: UInt64.max, software: "PackageBench", collector: "bench",
    compressionLevel: 1))
let chunk = 4 << 20
var generator = SystemRandomNumberGenerator()
for index in 0..<max(1, megabytes / 4) {
    var bytes = [UInt8](repeating: 0, count: chunk)
    for i in stride(from: 0, to: chunk, by: 8) {
        withUnsafeBytes(of: generator.next() as UInt64) { word in
            for j in 0..<8 { bytes[i + j] = word[j] }
        }
    }
    _ = try await writer.write(ResourceCapture(
        targetURI: "https://example.invalid/media/\(index).bin", date: Date(), contentType: "application/octet-stream",
        body: .data(Data(bytes)), source: "bench"))
}
try await writer.close()
let warc = warcDirectory.appendingPathComponent(await writer.fileNames[0])
let size = (try FileManager.default.attributesOfItem(atPath: warc.path)[.size] as? NSNumber)?.int64Value ?? 0
print("warc \(warc.path) \(size) bytes")

let key = P256.Signing.PrivateKey()
let signer = AnonymousWACZSigner(key: key, software: "PackageBench")
let page = WACZPage(url: "https://example.invalid/media/0.bin", date: Date())
for round in 1...2 {
    let unsignedURL = work.appendingPathComponent("unsigned-\(round).wacz")
    let unsigned = try await seconds {
        try WACZWriter.write(warcFiles: [warc], pages: [page],
                             metadata: WACZMetadata(title: "bench", software: "PackageBench"), to: unsignedURL)
    }
    print(String(format: "round %d unsigned-package %.2f s", round, unsigned))
    try FileManager.default.removeItem(at: unsignedURL)

    let signedURL = work.appendingPathComponent("signed-\(round).wacz")
    let signed = try await seconds {
        try await WACZWriter.write(warcFiles: [warc], pages: [page],
                                   metadata: WACZMetadata(title: "bench", software: "PackageBench"), to: signedURL,
                                   signer: signer)
    }
    print(String(format: "round %d signed-package %.2f s", round, signed))

    var report: PackageVerificationReport?
    let verified = await seconds { report = await PackageVerifier.verify(package: signedURL) }
    let failed = (report?.checks ?? []).filter { $0.outcome == .failed }.map { "\($0.id): \($0.detail)" }
    print(String(format: "round %d verify-package %.2f s", round, verified) + " (failed checks: \(failed))")
    try FileManager.default.removeItem(at: signedURL)
}
