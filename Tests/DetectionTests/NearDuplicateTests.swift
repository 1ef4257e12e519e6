import Foundation
import Testing
@testable import Detection

@Suite struct NearDuplicateTests {
    /// A long neutral text standing in for a banned material (corpus sentences, not propaganda).
    static let material: String = TestSupport.lines("ud-sentences/ky_ktmu-train.txt", limit: 60).joined(separator: " ")
    static let other: String = TestSupport.lines("ud-sentences/ru_taiga-dev.txt", limit: 60).joined(separator: " ")

    func words(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }

    @Test func signatureEstimatesJaccard() {
        let hasher = MinHasher(numPermutations: 256, shingleSize: 1)
        let a = (0..<300).map { "w\($0)" }.joined(separator: " ")
        let b = (100..<400).map { "w\($0)" }.joined(separator: " ")  // true Jaccard 200/400 = 0.5
        let estimate = hasher.signature(of: a).jaccard(hasher.signature(of: b))
        #expect(abs(estimate - 0.5) < 0.1)
        #expect(hasher.signature(of: a).jaccard(hasher.signature(of: a)) == 1)
        #expect(hasher.signature(of: "").isEmpty)
        #expect(hasher.signature(of: "").jaccard(hasher.signature(of: a)) == 0)
    }

    @Test func bandingFitsThePermutations() {
        let (bands, rows) = NearDuplicateIndex.optimalBanding(threshold: 0.5, numPermutations: 128)
        #expect(bands * rows <= 128)
        #expect(bands > 1 && rows > 1)
        let strict = NearDuplicateIndex.optimalBanding(threshold: 0.9, numPermutations: 128)
        #expect(strict.rows > rows)  // a higher threshold needs longer bands
    }

    @Test func postQuotingPartOfAMaterialIsFound() throws {
        try #require(words(Self.material).count > 400)
        var index = NearDuplicateIndex()
        index.add(materialID: "m1", title: "Material one", text: Self.material)
        index.add(materialID: "m2", title: "Material two", text: Self.other)
        let quote = words(Self.material)[200..<270].joined(separator: " ")
        let post = "Мына муну окугула: " + quote + " Бөлүшкүлө!"
        let found = index.query(post)
        let best = try #require(found.first)
        #expect(best.materialID == "m1")
        #expect(best.title == "Material one")
        #expect(best.containment > 0.6)
        #expect(!found.contains { $0.materialID == "m2" })
    }

    @Test func retypedInLatinScriptStillFound() throws {
        var index = NearDuplicateIndex()
        index.add(materialID: "m1", text: Self.material)
        let quote = words(Self.material)[100..<160].joined(separator: " ")
        let latin = TextNormalizer().matchingKey(quote).text
        #expect(latin != quote)
        #expect(index.query(latin).first?.materialID == "m1")
    }

    @Test func unrelatedTextHasNoCandidates() {
        var index = NearDuplicateIndex()
        index.add(materialID: "m1", text: Self.material)
        #expect(index.query(Self.other).isEmpty)
        #expect(index.query("").isEmpty)
    }

    @Test func fingerprintsRoundTripThroughJSON() throws {
        let builder = NearDuplicateIndex()
        let fingerprint = builder.fingerprint(materialID: "m1", title: "T", text: Self.material)
        #expect(fingerprint.chunks.count > 5)
        let data = try JSONEncoder().encode(fingerprint)
        let decoded = try JSONDecoder().decode(MaterialFingerprint.self, from: data)
        var index = NearDuplicateIndex()
        try index.add(decoded)
        let quote = words(Self.material)[300..<360].joined(separator: " ")
        #expect(index.query(quote).first?.materialID == "m1")
        var other = NearDuplicateIndex(options: .init(numPermutations: 64))
        #expect(throws: NearDuplicateIndex.IndexError.self) { try other.add(decoded) }
    }
}
