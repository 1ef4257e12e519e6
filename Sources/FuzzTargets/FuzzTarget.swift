/// One parser fed arbitrary bytes. `run` returns normally for every input the parser refuses or
/// accepts; it traps (`precondition`) when an invariant breaks, so libFuzzer and the regression
/// tests both see the failure as a crash.
public struct FuzzTarget: Sendable {
    public let name: String
    public let run: @Sendable ([UInt8]) -> Void

    public init(name: String, run: @escaping @Sendable ([UInt8]) -> Void) {
        self.name = name
        self.run = run
    }
}

public enum FuzzTargets {
    /// Every target, by the name `make fuzz` and the regression inputs' folders use.
    public static let all: [FuzzTarget] = [
        WARCReaderTarget.plain, WARCReaderTarget.gzip,
        MarkupTargets.charset, MarkupTargets.html, MarkupTargets.feed, MarkupTargets.telegram,
        ImageTargets.jpeg, ImageTargets.png, ImageTargets.webp, ImageTargets.gif, ImageTargets.exif, ImageTargets.image,
        ImportTargets.indicators, ImportTargets.materials, ImportTargets.classifierSamples,
        ImportTargets.mediaBankCSV, ImportTargets.mediaBankHex,
        NameTargets.domain, NameTargets.punycode, NameTargets.url, NameTargets.blockTarget,
        RPZTarget.target,
    ]

    public static func named(_ name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }
}

/// `precondition` that keeps its message in optimised builds (the fuzz harness is built with -O, where
/// `precondition` drops it), so a crash report says which invariant broke.
func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "",
               file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError("invariant broken: \(message())", file: file, line: line) }
}
