import Detection
import Foundation
import Vapor

/// `kaiguul mirrors favicon-hash FILE|DIR`: the favicon hash of a file, or of each file in a folder
/// (ConsoleKit refuses a list of arguments), as Shodan computes it
/// (`http.favicon.hash`), so an analyst can search for a blocked site's icon elsewhere and the peer
/// check (`scripts/check-favicon-hash.py`) can compare it with Python's `mmh3`.
struct MirrorsCommand: AsyncCommandGroup {
    var help: String { "Mirror detection: the favicon hash of icon files as Shodan computes it." }

    var commands: [String: any AnyAsyncCommand] { ["favicon-hash": FaviconHashCommand()] }

    struct FaviconHashCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "path", help: "an icon file, or a folder whose files are each hashed") var path: String
        }

        var help: String { "Prints HASH FILE for each file (MurmurHash3 x86 32-bit, signed, of its base64 with line breaks)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let result = Self.hash(files: Self.files(at: signature.path))
            if !result.output.isEmpty { FileHandle.standardOutput.write(Data(result.output.utf8)) }
            if !result.errors.isEmpty { FileHandle.standardError.write(Data(result.errors.utf8)) }
            if !result.errors.isEmpty { throw CommandFailure("mirrors favicon-hash: some files could not be hashed (see above)") }
        }

        /// The file itself, or a folder's regular files in name order (not its subfolders).
        static func files(at path: String) -> [String] {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
                  let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [path] }
            return names.sorted().map { (path as NSString).appendingPathComponent($0) }.filter { file in
                var directory: ObjCBool = false
                return FileManager.default.fileExists(atPath: file, isDirectory: &directory) && !directory.boolValue
            }
        }

        /// Data lines for stdout, one per file hashed; problems for stderr.
        static func hash(files: [String]) -> (output: String, errors: String) {
            var output = "", errors = ""
            for path in files {
                let url = URL(fileURLWithPath: path)
                let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
                guard let size else {
                    errors += "\(path): cannot be read\n"
                    continue
                }
                guard size <= FaviconHash.maxBytes, let data = try? Data(contentsOf: url),
                      let hash = FaviconHash.shodan([UInt8](data)) else {
                    errors += "\(path): larger than \(FaviconHash.maxBytes) bytes or unreadable\n"
                    continue
                }
                output += "\(hash) \(path)\n"
            }
            return (output, errors)
        }
    }
}
