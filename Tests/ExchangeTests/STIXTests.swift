import Foundation
import KaiguulCore
import Testing
@testable import Exchange

@Suite("STIX 2.1 objects")
struct STIXTests {
    static let producer = STIXProducer(instance: "test", name: "Kaiguul test", schemaBaseURL: "https://kaiguul.example/stix/extensions/")
    static let issued = Date(timeIntervalSince1970: 1_764_000_000.123)
    static let decision = STIXLegalBasis(court: "Pervomaisky District Court of Bishkek", number: "2-101/2026",
                                         date: "2026-02-14", appealState: .final)

    static func order(_ target: String, lifted: Date? = nil, org: Int? = 3) -> STIXBlockOrder {
        STIXBlockOrder(id: 7, target: target, issuedAt: issued, liftedAt: lifted, decision: decision,
                       reversal: lifted == nil ? nil : STIXLegalBasis(court: "Bishkek City Court", number: "A-9/2026",
                                                                      date: "2026-03-01"),
                       organizationID: org)
    }

    @Test func uuidV5MatchesRFCVectorAndSTIXObservableIDs() {
        let dns = UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8")!
        #expect(UUIDv5.string(namespace: dns, name: "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
        // Python: uuid5(UUID('00abedb4-…'), '{"value":"example.kg"}')
        #expect(STIXProducer.domainObject("example.kg")["id"]?.stringValue
                == "domain-name--3e891e19-9dd7-5cfb-970d-cb0d44687580")
        let file = STIXBannedFile(subject: "material_fingerprint:1", label: nil,
                                  hashes: ["SHA-256": String(repeating: "a", count: 64),
                                           "MD5": "d41d8cd98f00b204e9800998ecf8427e"],
                                  pdq: [], videoPDQ: [], decision: nil, provenance: "p", deleted: false,
                                  createdAt: Self.issued, changedAt: Self.issued, organizationID: nil)
        // Of the hashes only MD5 contributes (STIX 2.1 §2.9 preference order).
        #expect(Self.producer.fileObject(file)?["id"]?.stringValue == "file--02fff920-f614-527c-81d1-6353633a6d21")
    }

    @Test func canonicalJSONSortsKeysAndEscapesOnlyWhatJSONRequires() {
        let value: JSONValue = ["b": "ä/\"\\\n\u{01}", "a": [1, true], "C": .null]
        #expect(value.canonicalString == #"{"C":null,"a":[1,true],"b":"ä/\"\\\n\u0001"}"#)
    }

    @Test func sdoIDsAreStableAndDifferPerInstance() {
        let other = STIXProducer(instance: "other", name: "x", schemaBaseURL: "")
        #expect(Self.producer.indicatorID(blockOrder: 7) == Self.producer.indicatorID(blockOrder: 7))
        #expect(Self.producer.indicatorID(blockOrder: 7) != Self.producer.indicatorID(blockOrder: 8))
        #expect(Self.producer.indicatorID(blockOrder: 7) != other.indicatorID(blockOrder: 7))
        #expect(Self.producer.indicatorID(blockOrder: 7).hasPrefix("indicator--"))
    }

    @Test func patternsEscapeQuotesAndBackslashes() {
        let pattern = STIXPattern.url(#"https://evil.example/a'b\c"#)
        #expect(pattern == #"[url:value = 'https://evil.example/a\'b\\c']"#)
        let read = STIXPattern.equalities(pattern)
        #expect(read.count == 1)
        #expect(read.first?.path == "url:value")
        #expect(read.first?.value == #"https://evil.example/a'b\c"#)
        let file = STIXPattern.fileHashes(["MD5": "ab", "SHA-256": "cd"])!
        #expect(file == "[file:hashes.'SHA-256' = 'cd' OR file:hashes.MD5 = 'ab']")
        #expect(STIXPattern.equalities(file).map(\.path) == ["file:hashes.SHA-256", "file:hashes.MD5"])
        // The LIKE half of a domain pattern is not an equality.
        #expect(STIXPattern.equalities(STIXPattern.domain("front.example")).map(\.value) == ["front.example"])
    }

    @Test func blockOrderIndicatorCarriesTheDecisionTwice() throws {
        let objects = Self.producer.blockOrderObjects(Self.order("fictional-front.example:8443"))
        #expect(objects.count == 2)
        let indicator = objects[0]
        #expect(indicator["pattern"]?.stringValue
                == "[domain-name:value = 'fictional-front.example' OR domain-name:value LIKE '%.fictional-front.example']")
        #expect(indicator["valid_from"]?.stringValue == "2025-11-24T16:00:00.123Z")
        #expect(indicator["revoked"] == nil)
        #expect(indicator["valid_until"] == nil)
        let reference = try #require(indicator["external_references"]?.arrayValue?.first)
        #expect(reference["external_id"]?.stringValue == "2-101/2026")
        let ext = try #require(indicator["extensions"]?[Self.producer.legalBasisExtensionID])
        #expect(ext["appeal_state"]?.stringValue == "final")
        #expect(ext["court"]?.stringValue == "Pervomaisky District Court of Bishkek")
        #expect(ext["extension_type"]?.stringValue == "property-extension")
        #expect(objects[1]["relationship_type"]?.stringValue == "indicates")
        #expect(objects[1]["target_ref"]?.stringValue == Self.producer.threatActorID(organization: 3))
        #expect(Self.producer.blockOrderObjects(Self.order("https://t.me/somechannel", org: nil)).count == 1)
    }

    @Test func liftedBlockIsRevokedWithValidUntil() throws {
        let lifted = Self.issued.addingTimeInterval(86_400)
        let objects = Self.producer.blockOrderObjects(Self.order("https://t.me/somechannel", lifted: lifted))
        let indicator = objects[0]
        #expect(indicator["revoked"] == true)
        #expect(indicator["valid_until"]?.stringValue == STIXTimestamp.string(lifted))
        #expect(indicator["modified"]?.stringValue == STIXTimestamp.string(lifted))
        #expect(indicator["external_references"]?.arrayValue?.count == 2)
        #expect(objects[1]["revoked"] == true)
        // Lifted in the same millisecond: valid_until still after valid_from.
        let instant = Self.producer.blockOrderObjects(Self.order("https://t.me/somechannel", lifted: Self.issued))[0]
        #expect(instant["valid_until"]!.stringValue! > instant["valid_from"]!.stringValue!)
    }

    @Test func extremistHasNoThreatActorTypeButTheExtensionSaysSo() throws {
        func actor(_ designation: String) -> JSONValue {
            Self.producer.threatActor(STIXOrganization(
                id: 3, nameEn: "Fictional Front", nameRu: "Вымышленный фронт", nameKy: "", aliases: ["FF", "Fictional Front"],
                designation: designation, decision: Self.decision, lifted: false, createdAt: Self.issued, updatedAt: nil))
        }
        let terrorist = actor("terrorist")
        #expect(terrorist["threat_actor_types"] == ["terrorist"])
        let extremist = actor("extremist")
        #expect(extremist["threat_actor_types"] == nil)
        #expect(extremist["extensions"]?[Self.producer.legalBasisExtensionID]?["designation"] == "extremist")
        #expect(extremist["aliases"] == ["Вымышленный фронт", "FF"])
    }

    @Test func markingIsAddedReplacedAndLeftOffDefinitions() throws {
        let indicator = Self.producer.blockOrderObjects(Self.order("https://t.me/somechannel"))[0]
        let marked = try JSONValue.parse(STIXMarking.apply(.amberStrict, toObject: indicator.canonicalData))
        #expect(marked["object_marking_refs"] == ["marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"])
        let again = try JSONValue.parse(STIXMarking.apply(.red, toObject: marked.canonicalData))
        #expect(again["object_marking_refs"] == ["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"])
        for shared in Self.producer.sharedObjects() {
            let data = shared.canonicalData
            #expect(try STIXMarking.apply(.green, toObject: data) == data)
        }
        #expect(throws: STIXMarking.MarkingError.self) { try STIXMarking.apply(.green, toObject: Data("[1]".utf8)) }
        #expect(STIXMarking.definition(.amberStrict)["name"] == "TLP:AMBER+STRICT")
        #expect(STIXMarking.definition(.clear)["extensions"]?[STIXMarking.tlp2ExtensionID]?["tlp_2_0"] == "clear")
    }

    @Test func versioningWritesOnlyChangesAndNeverAfterRevocation() throws {
        let now = Self.issued.addingTimeInterval(10)
        let first = Self.producer.blockOrderObjects(Self.order("https://t.me/somechannel"))[0]
        #expect(STIXVersioning.next(first, after: nil, now: now) == first)
        let published = STIXVersioning.Published(stored: first, modified: first["modified"]!.stringValue!, revoked: false)
        #expect(STIXVersioning.next(first, after: published, now: now) == nil)
        var changed = Self.order("https://t.me/somechannel")
        changed.decision.appealState = .overturned
        let second = try #require(STIXVersioning.next(Self.producer.blockOrderObjects(changed)[0], after: published, now: now))
        #expect(second["modified"]!.stringValue! > first["modified"]!.stringValue!)
        #expect(second["created"] == first["created"])
        let revoked = STIXVersioning.Published(stored: second, modified: second["modified"]!.stringValue!, revoked: true)
        #expect(STIXVersioning.next(first, after: revoked, now: now) == nil)
        // An observable is written once.
        let sco = STIXProducer.urlObject("https://x.example/")
        let scoPublished = STIXVersioning.Published(stored: STIXProducer.urlObject("https://y.example/"), modified: "m",
                                                   revoked: false)
        #expect(STIXVersioning.next(sco, after: scoPublished, now: now) == nil)
    }

    @Test func bannedFileCarriesPDQInTheDeclaredExtensionAndTombstoneRevokes() throws {
        let pdq = String(repeating: "f0", count: 32)
        var file = STIXBannedFile(subject: "bank_entry:4", label: "poster", hashes: ["SHA-256": String(repeating: "b", count: 64)],
                                  pdq: [pdq], videoPDQ: [], decision: nil, provenance: "Fictional list", deleted: false,
                                  createdAt: Self.issued, changedAt: Self.issued, organizationID: nil)
        let objects = Self.producer.bannedFileObjects(file)
        #expect(objects.map { $0["type"]!.stringValue! } == ["file", "indicator"])
        #expect(objects[0]["extensions"]?[Self.producer.perceptualHashExtensionID]?["pdq"] == [.string(pdq)])
        let pattern = objects[1]["pattern"]!.stringValue!
        #expect(pattern.contains(".pdq[*] = '\(pdq)'"))
        #expect(STIXPattern.equalities(pattern).map(\.path)
                == ["file:hashes.SHA-256", "file:extensions.\(Self.producer.perceptualHashExtensionID).pdq[*]"])
        file.deleted = true
        file.changedAt = Self.issued.addingTimeInterval(60)
        let gone = Self.producer.bannedFileObjects(file)[1]
        #expect(gone["revoked"] == true)
        #expect(gone["valid_until"]?.stringValue == STIXTimestamp.string(file.changedAt))
    }

    /// STIX requires `hashes` or `name` on a file; an entry listed only by its PDQ has no exact hash.
    @Test func aFileKnownOnlyByItsPDQStillHasHashes() throws {
        let pdq = String(repeating: "0f", count: 32)
        let file = STIXBannedFile(subject: "bank_entry:7", label: nil, hashes: [:], pdq: [pdq], videoPDQ: [],
                                  decision: nil, provenance: "Fictional list", deleted: false, createdAt: Self.issued,
                                  changedAt: Self.issued, organizationID: nil)
        let object = try #require(Self.producer.fileObject(file))
        #expect(object["hashes"]?["PDQ"]?.stringValue == pdq)
        #expect(object["extensions"]?[Self.producer.perceptualHashExtensionID]?["pdq"] == [.string(pdq)])
        // The pattern still names the declared extension, not the custom hash name.
        #expect(Self.producer.filePattern(file)?.contains("file:hashes") == false)
    }

    @Test func timestampsHaveMillisecondsAndOrderAsStrings() {
        #expect(STIXTimestamp.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        let t = STIXTimestamp.string(Self.issued)
        #expect(t == "2025-11-24T16:00:00.123Z")
        #expect(STIXTimestamp.after(t) == "2025-11-24T16:00:00.124Z")
        #expect(STIXTimestamp.string(STIXTimestamp.date(t)!) == t)
    }
}
