import Foundation

/// The court packet printed to PDF (`ChromiumPrinter`): two browsers at most, 90 s each.
enum CourtPacketPDF {
    typealias Failure = ChromiumPrinter.Failure

    static let printer = ChromiumPrinter(documents: "court packets", slots: 2, timeout: 90)

    static func chromium(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        ChromiumPrinter.chromium(environment: environment)
    }

    static func print(html: String) async throws -> Data {
        try await printer.print(html: html)
    }
}
