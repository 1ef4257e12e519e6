/// RFC 3492 Punycode: the Bootstring encoding that IDNA uses to spell a Unicode label in ASCII.
/// Written here because Foundation on Linux offers no IDNA; every step follows section 6 of the RFC,
/// with the overflow checks of section 6.4 done through Swift's reporting arithmetic.
public enum Punycode {
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700
    private static let initialBias = 72
    private static let initialN = 0x80
    private static let maxCodePoint = 0x10FFFF

    /// Encodes the scalars of one label (without the `xn--` prefix). Nil only on arithmetic overflow,
    /// which cannot happen for labels short enough to be valid.
    public static func encode(_ input: String) -> String? {
        let scalars = input.unicodeScalars.map { Int($0.value) }
        var output = scalars.filter { $0 < 0x80 }.map { Character(Unicode.Scalar(UInt8($0))) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append("-") }

        var n = initialN
        var delta = 0
        var bias = initialBias
        while handled < scalars.count {
            guard let m = scalars.filter({ $0 >= n }).min() else { return nil }
            guard let step = multiplyAdd(m - n, handled + 1, delta) else { return nil }
            delta = step
            n = m
            for c in scalars {
                if c < n {
                    guard let next = add(delta, 1) else { return nil }
                    delta = next
                }
                if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = threshold(k, bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(output)
    }

    /// Decodes one label (without the `xn--` prefix). Nil for anything that is not valid Punycode:
    /// non-basic characters before the delimiter, bad digits, overflow, or a surrogate code point.
    public static func decode(_ input: String) -> String? {
        let characters = Array(input.unicodeScalars)
        var output: [Int] = []
        var start = 0
        if let delimiter = characters.lastIndex(of: "-") {
            for c in characters[..<delimiter] {
                guard c.value < 0x80 else { return nil }
                output.append(Int(c.value))
            }
            start = delimiter + 1
        }
        var n = initialN
        var i = 0
        var bias = initialBias
        var position = start
        while position < characters.count {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard position < characters.count, let d = digitValue(characters[position]) else { return nil }
                position += 1
                guard let next = multiplyAdd(d, w, i) else { return nil }
                i = next
                let t = threshold(k, bias)
                if d < t { break }
                guard let nextW = multiply(w, base - t) else { return nil }
                w = nextW
                k += base
            }
            let count = output.count + 1
            bias = adapt(i - oldI, count, oldI == 0)
            guard let nextN = add(n, i / count) else { return nil }
            n = nextN
            i %= count
            guard n <= maxCodePoint, !(0xD800...0xDFFF).contains(n), n >= 0x80 else { return nil }
            output.insert(n, at: i)
            i += 1
        }
        var result = String.UnicodeScalarView()
        for value in output {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { return nil }
            result.append(scalar)
        }
        return String(result)
    }

    private static func threshold(_ k: Int, _ bias: Int) -> Int {
        if k <= bias { return tMin }
        if k >= bias + tMax { return tMax }
        return k - bias
    }

    private static func adapt(_ delta: Int, _ numPoints: Int, _ firstTime: Bool) -> Int {
        var delta = firstTime ? delta / damp : delta / 2
        delta += delta / numPoints
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    private static func digit(_ d: Int) -> Character {
        // 0-25 are a-z, 26-35 are 0-9; lowercase, as DNS compares case-insensitively anyway.
        let value = d < 26 ? UInt8(ascii: "a") + UInt8(d) : UInt8(ascii: "0") + UInt8(d - 26)
        return Character(Unicode.Scalar(value))
    }

    private static func digitValue(_ c: Unicode.Scalar) -> Int? {
        switch c.value {
        case 0x30...0x39: Int(c.value) - 0x30 + 26
        case 0x41...0x5A: Int(c.value) - 0x41
        case 0x61...0x7A: Int(c.value) - 0x61
        default: nil
        }
    }

    // The RFC's overflow guard is against a 26-bit minimum integer; a code point never exceeds
    // 0x10FFFF, so anything past Int32 is already garbage and stopping there keeps it cheap.
    private static let limit = Int(Int32.max)

    private static func add(_ a: Int, _ b: Int) -> Int? {
        let (r, o) = a.addingReportingOverflow(b)
        return o || r > limit ? nil : r
    }

    private static func multiply(_ a: Int, _ b: Int) -> Int? {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o || r > limit ? nil : r
    }

    private static func multiplyAdd(_ a: Int, _ b: Int, _ c: Int) -> Int? {
        guard let product = multiply(a, b) else { return nil }
        return add(product, c)
    }
}
