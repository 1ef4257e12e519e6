import Foundation

/// Adjusts the command line before Vapor parses it: `demo` becomes `serve` on a demo database,
/// and a lone `-` (standard input, as in `kaiguul analyze -`) becomes `/dev/stdin`, because the
/// argument parser would take `-` for the start of an option.
public enum CommandLineRewrite {
    public static func apply(_ arguments: [String]) -> [String] {
        DemoMode.rewrite(arguments).map { $0 == "-" ? "/dev/stdin" : $0 }
    }
}
