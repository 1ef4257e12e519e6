/// Latin, Cyrillic and Greek letters that look alike, used to undo words typed in mixed scripts to
/// dodge filters ("Kaрa" with a Cyrillic р, "бiрлiгi" with Latin i).
///
/// The maps are case-sensitive because the look-alike is a property of the glyph: Latin `H` looks like
/// Cyrillic `Н`, but Latin `h` looks like Kazakh `һ`. They are applied before case folding.
enum Confusables {
    enum Script: Int { case latin, cyrillic, greek }

    static func script(of value: UInt32) -> Script? {
        switch value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: .latin
        case 0x400...0x52F: .cyrillic
        case 0x370...0x3FF: .greek
        default: nil
        }
    }

    private static func table(_ pairs: [(Character, Character)]) -> [UInt32: UInt32] {
        var result: [UInt32: UInt32] = [:]
        for (from, to) in pairs {
            if let a = from.unicodeScalars.first, let b = to.unicodeScalars.first { result[a.value] = b.value }
        }
        return result
    }

    static let latinToCyrillic = table([
        ("A", "А"), ("a", "а"), ("B", "В"), ("C", "С"), ("c", "с"), ("E", "Е"), ("e", "е"), ("H", "Н"),
        ("K", "К"), ("k", "к"), ("M", "М"), ("O", "О"), ("o", "о"), ("P", "Р"), ("p", "р"), ("T", "Т"),
        ("X", "Х"), ("x", "х"), ("y", "у"), ("Y", "У"), ("I", "І"), ("i", "і"), ("j", "ј"), ("S", "Ѕ"),
        ("s", "ѕ"), ("h", "һ"), ("r", "г"), ("b", "ь"),
    ])

    static let cyrillicToLatin = table([
        ("А", "A"), ("а", "a"), ("В", "B"), ("С", "C"), ("с", "c"), ("Е", "E"), ("е", "e"), ("Н", "H"),
        ("К", "K"), ("к", "k"), ("М", "M"), ("О", "O"), ("о", "o"), ("Р", "P"), ("р", "p"), ("Т", "T"),
        ("Х", "X"), ("х", "x"), ("у", "y"), ("У", "Y"), ("І", "I"), ("і", "i"), ("ј", "j"), ("Ѕ", "S"),
        ("ѕ", "s"), ("һ", "h"), ("г", "r"), ("ь", "b"),
    ])

    static let greekToLatin = table([
        ("Α", "A"), ("Β", "B"), ("Ε", "E"), ("Ζ", "Z"), ("Η", "H"), ("Ι", "I"), ("Κ", "K"), ("Μ", "M"),
        ("Ν", "N"), ("Ο", "O"), ("Ρ", "P"), ("Τ", "T"), ("Υ", "Y"), ("Χ", "X"), ("ο", "o"), ("ρ", "p"),
        ("α", "a"), ("ι", "i"), ("κ", "k"), ("ν", "v"), ("τ", "t"), ("υ", "u"), ("χ", "x"),
    ])

    static let greekToCyrillic = table([
        ("Α", "А"), ("Β", "В"), ("Ε", "Е"), ("Η", "Н"), ("Ι", "І"), ("Κ", "К"), ("Μ", "М"), ("Ο", "О"),
        ("Ρ", "Р"), ("Τ", "Т"), ("Υ", "У"), ("Χ", "Х"), ("ο", "о"), ("ρ", "р"), ("α", "а"), ("κ", "к"),
        ("χ", "х"), ("τ", "т"),
    ])

    /// Folds the letters of one word in place when it mixes scripts.
    ///
    /// The word's script is the one with the most letters that have no look-alike elsewhere ("ш",
    /// "ы", "q"); when every letter is ambiguous, Cyrillic wins, because look-alike tricks hide
    /// Cyrillic words and a Cyrillic word also transliterates to the Latin matching key.
    static func foldMixedScript(_ word: inout [UInt32]) {
        var counts = [0, 0, 0]
        var distinctive = [0, 0, 0]
        for value in word {
            guard let script = script(of: value) else { continue }
            counts[script.rawValue] += 1
            let ambiguous: Bool = switch script {
            case .latin: latinToCyrillic[value] != nil
            case .cyrillic: cyrillicToLatin[value] != nil
            case .greek: greekToLatin[value] != nil || greekToCyrillic[value] != nil
            }
            if !ambiguous { distinctive[script.rawValue] += 1 }
        }
        let present = counts.filter { $0 > 0 }.count
        guard present > 1 else { return }
        let target: Script
        if distinctive.max() ?? 0 > 0 {
            let best = distinctive.enumerated().max { a, b in
                a.element != b.element ? a.element < b.element : counts[a.offset] < counts[b.offset]
            }
            target = Script(rawValue: best?.offset ?? 1) ?? .cyrillic
        } else {
            target = counts[Script.cyrillic.rawValue] > 0 ? .cyrillic : .latin
        }
        for index in word.indices {
            let value = word[index]
            guard let script = script(of: value), script != target else { continue }
            let mapped: UInt32? = switch (script, target) {
            case (.latin, .cyrillic): latinToCyrillic[value]
            case (.cyrillic, .latin): cyrillicToLatin[value]
            case (.greek, .latin): greekToLatin[value]
            case (.greek, .cyrillic): greekToCyrillic[value]
            default: nil
            }
            if let mapped { word[index] = mapped }
        }
    }
}
