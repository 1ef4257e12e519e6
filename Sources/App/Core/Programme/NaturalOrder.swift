import Foundation

/// The order people expect for names with numbers in them: "Volunteer 2" before "Volunteer 10", case
/// ignored. Text compares as text, runs of ASCII digits compare by value, so a list of 133 volunteers
/// does not read 1, 10, 100, 101…
enum NaturalOrder {
    private enum Run: Comparable {
        case text(String)
        /// The digits without their leading zeros: more digits is a larger number, equal lengths compare as text.
        case number(String)

        static func < (a: Run, b: Run) -> Bool {
            switch (a, b) {
            case (.number(let x), .number(let y)): x.count != y.count ? x.count < y.count : x < y
            // A number sorts before text in the same place ("2 groups" before "a group"), as file browsers do.
            case (.number, .text): true
            case (.text, .number): false
            case (.text(let x), .text(let y)): x < y
            }
        }
    }

    private static func runs(_ text: String) -> [Run] {
        var runs: [Run] = []
        var current = ""
        var inDigits = false
        func close() {
            guard !current.isEmpty else { return }
            if inDigits {
                let trimmed = current.drop { $0 == "0" }
                runs.append(.number(trimmed.isEmpty ? "0" : String(trimmed)))
            } else {
                runs.append(.text(current))
            }
            current = ""
        }
        for character in Search.fold(text) {
            let digit = character.isASCII && character.isNumber
            if digit != inDigits { close(); inDigits = digit }
            current.append(character)
        }
        close()
        return runs
    }

    /// Whether `a` comes before `b`. Names equal but for case or zero padding fall back to plain text order,
    /// so the order is total and stable between pages.
    static func less(_ a: String, _ b: String) -> Bool {
        let x = runs(a), y = runs(b)
        for (p, q) in zip(x, y) where p != q { return p < q }
        if x.count != y.count { return x.count < y.count }
        return a < b
    }

    /// Sorts by a name read from each element; ties (the same name twice) keep their id order.
    static func sorted<T>(_ items: [T], name: (T) -> String, id: (T) -> Int) -> [T] {
        let keyed = items.map { (item: $0, runs: runs(name($0)), name: name($0), id: id($0)) }
        return keyed.sorted { l, r in
            for (p, q) in zip(l.runs, r.runs) where p != q { return p < q }
            if l.runs.count != r.runs.count { return l.runs.count < r.runs.count }
            if l.name != r.name { return l.name < r.name }
            return l.id < r.id
        }.map(\.item)
    }
}
