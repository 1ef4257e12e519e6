/// Character n-gram features for language identification, shared by the trainer and the identifier
/// so both see exactly the same features.
///
/// Text is reduced to letters (digits and punctuation become word breaks), each word padded with a
/// space on each side, and every n-gram of 1...maxOrder scalars hashed into a bucket. Unigrams of the
/// letters that tell Turkic languages apart (ң ө ү, ә ғ қ ұ һ і, ў ҳ, җ, ҷ ӣ ӯ, ...) count
/// `discriminatingWeight` times, so one "қ" in a short Kyrgyz-looking sentence weighs as it should.
struct LanguageFeatures: Sendable {
    let maxOrder: Int
    let bucketBits: Int
    let discriminatingWeight: Float
    /// Only the first letters of a long text are looked at: language rarely changes and time must
    /// stay bounded on 50 MB inputs.
    let maxLetters: Int

    static let discriminatingLetters: Set<UInt32> = Set(
        "ңөүәғқұһіўҳҷӣӯҗҙҫҡѓќїєґ".unicodeScalars.map(\.value)
        + "ğışçöüəñ".unicodeScalars.map(\.value)
        + "ةپچژگکیۆېۇۈ".unicodeScalars.map(\.value)
    )

    static let discriminatingTable: [Bool] = (0..<0x800).map { discriminatingLetters.contains(UInt32($0)) }

    var bucketCount: Int { 1 << bucketBits }

    /// The letters of `text` as scalars with single spaces between words, plus the letter count.
    func letters(of text: NormalizedText) -> (scalars: [UInt32], letterCount: Int) {
        var out: [UInt32] = [0x20]
        out.reserveCapacity(min(text.bytes.count, maxLetters * 2) + 2)
        var letters = 0
        text.bytes.withUnsafeBufferPointer { bytes in
            var index = 0
            while index < bytes.count {
                let (value, width) = TextNormalizer.decode(bytes, index)
                index += width
                let isLetter: Bool
                if value < 0x80 {
                    isLetter = (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A
                } else if value < 0x800 {
                    // Arabic-Indic digits are word characters but not letters.
                    isLetter = UTF8Scan.twoByteWord[Int(value) - 0x80] && !(0x660...0x669).contains(value)
                        && !(0x6F0...0x6F9).contains(value)
                } else {
                    isLetter = Unicode.Scalar(value)?.properties.isAlphabetic ?? false
                }
                if isLetter || (value == 0x27 && out.last != 0x20) {
                    out.append(value)
                    if isLetter { letters += 1 }
                    if letters >= maxLetters { break }
                } else if out.last != 0x20 {
                    out.append(0x20)
                }
            }
        }
        if out.last != 0x20 { out.append(0x20) }
        return (out, letters)
    }

    /// Calls `body(bucket, weight)` for every feature of the letter sequence.
    @inline(__always)
    func forEach(_ scalars: [UInt32], _ body: (Int, Float) -> Void) {
        let mask = UInt64(bucketCount - 1)
        let count = scalars.count
        scalars.withUnsafeBufferPointer { buffer in
            for start in 0..<count {
                var hash: UInt64 = 0xcbf29ce484222325
                var allSpace = true
                for order in 1...maxOrder {
                    let position = start + order - 1
                    guard position < count else { break }
                    let value = buffer[position]
                    if value != 0x20 { allSpace = false }
                    // A space may only open or close an n-gram, never sit inside one.
                    if order > 2, buffer[position - 1] == 0x20, position - 1 != start { break }
                    hash = (hash ^ UInt64(value)) &* 0x100000001b3
                    guard !allSpace else { continue }
                    var mixed = hash ^ UInt64(order)
                    mixed ^= mixed >> 29
                    mixed = mixed &* 0xbf58476d1ce4e5b9
                    mixed ^= mixed >> 32
                    let weight: Float = (order == 1 && value < 0x800 && Self.discriminatingTable[Int(value)])
                        ? discriminatingWeight : 1
                    body(Int(mixed & mask), weight)
                }
            }
        }
    }
}
