/// Keeps the first occurrence of each string, up to a bound.
struct OrderedSet {
    private(set) var elements: [String] = []
    private var seen = Set<String>()
    let limit: Int

    init(limit: Int = 5000) { self.limit = limit }

    mutating func append(_ element: String?) {
        guard let element, elements.count < limit, seen.insert(element).inserted else { return }
        elements.append(element)
    }

    mutating func append(contentsOf other: [String]) {
        for element in other { append(element) }
    }
}
