import Evidence
import Foundation
import Testing
import Vapor

@testable import App

/// The leaflet printed by the real headless Chromium, as the court packet is; skipped where the
/// machine has no Chromium.
@Suite("The guide's leaflet as PDF") struct GuideLeafletPDFTests {
    @Test(.enabled(if: CourtPacketPDF.chromium() != nil)) func theLeafletPrintsToAPDFWithTheSymbolsInside() async throws {
        try await withApp { app in
            // setup: an approved entry with a public symbol
            let f = try await GuidePublicFieldsTests.build(app)
            let reader = Browser(app)
            // MUT
            let pdf = try await reader.get("/guide/leaflet.pdf?lang=ru")
            // validate
            #expect(pdf.status == .ok)
            #expect(pdf.headers.contentType == .pdf)
            #expect(pdf.body.hasPrefix("%PDF"))
            // the printed copy is drawn from the same values, with the symbol's image inlined
            let entries = try await GuideEntries.load(on: app.db)
            let images = LeafletImages.inline(entries, blobs: try BlobStore(root: app.kaiguul.blobDirectory))
            #expect(images[f.publicSymbol]?.hasPrefix("data:image/jpeg;base64,") == true)
            #expect(images[f.privateSymbol] == nil)
        }
    }
}
