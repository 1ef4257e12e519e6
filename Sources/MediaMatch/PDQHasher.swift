import Foundation

/// A PDQ hash with its quality (0–100); hashes below 50 are not trusted for matching.
public struct PDQResult: Sendable, Hashable {
    public let hash: PDQHash
    public let quality: Int

    public init(hash: PDQHash, quality: Int) {
        self.hash = hash
        self.quality = quality
    }
}

/// The hashes of the eight rotations and flips of one image, computed from one DCT.
public struct PDQDihedralHashes: Sendable, Hashable {
    public let original: PDQHash
    public let rotate90: PDQHash
    public let rotate180: PDQHash
    public let rotate270: PDQHash
    public let flipX: PDQHash
    public let flipY: PDQHash
    public let flipPlus1: PDQHash
    public let flipMinus1: PDQHash
    public let quality: Int

    public var all: [PDQHash] {
        [original, rotate90, rotate180, rotate270, flipX, flipY, flipPlus1, flipMinus1]
    }
}

/// PDQ (Facebook/Meta, 2017) from RGB pixels, bit for bit as the reference C++ implementation:
/// float luminance, two passes of the Jarosz box filter (a tent), decimation to 64×64, the
/// 16×16 low-frequency block of a DCT, and one bit per coefficient above the median.
///
/// Every floating-point step follows the reference's types and order of operations, because a
/// different rounding anywhere flips bits near the median. Vectorised loops here only ever run
/// independent lanes side by side; no sum is reassociated.
public enum PDQHasher {
    public static let minimumDimension = 5

    public static func hash(_ image: RGBImage) throws(MediaError) -> PDQResult {
        try image.pixels.withUnsafeBufferPointer { pixels throws(MediaError) in
            try hash(rgb: pixels, width: image.width, height: image.height)
        }
    }

    public static func hash(rgb: UnsafeBufferPointer<UInt8>, width: Int, height: Int) throws(MediaError) -> PDQResult {
        let (dct, quality) = try dct16(rgb: rgb, width: width, height: height)
        return PDQResult(hash: bits(of: dct), quality: quality)
    }

    public static func dihedralHashes(_ image: RGBImage) throws(MediaError) -> PDQDihedralHashes {
        let (dct, quality) = try image.pixels.withUnsafeBufferPointer { pixels throws(MediaError) in
            try dct16(rgb: pixels, width: image.width, height: image.height)
        }
        return dihedral(dct: dct, quality: quality)
    }

    // MARK: - pipeline

    static func dct16(rgb: UnsafeBufferPointer<UInt8>, width: Int, height: Int) throws(MediaError) -> ([Float], Int) {
        guard width >= minimumDimension, height >= minimumDimension else {
            throw .tooSmallToHash(width: width, height: height)
        }
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        let (bytes, overflow3) = count.multipliedReportingOverflow(by: 3)
        guard !overflow, !overflow3, rgb.count >= bytes else {
            throw .corrupt(format: .unknown, message: "pixel buffer shorter than \(width)×\(height)")
        }
        var luma = [Float](repeating: 0, count: count)
        luma.withUnsafeMutableBufferPointer { fillLuma(rgb: rgb, into: $0) }
        let block = luma.withUnsafeMutableBufferPointer { downsample64(luma: $0, rows: height, cols: width) }
        return (dct64To16(block), qualityMetric(block))
    }

    /// RGB to luminance in float, with the coefficients rounded to float as the reference's
    /// `const float` declarations round the double literals.
    static func fillLuma(rgb: UnsafeBufferPointer<UInt8>, into luma: UnsafeMutableBufferPointer<Float>) {
        let r = Float(0.299 as Double), g = Float(0.587 as Double), b = Float(0.114 as Double)
        guard let src = rgb.baseAddress, let dst = luma.baseAddress else { return }
        for i in 0..<luma.count {
            let p = src + 3 * i
            dst[i] = r * Float(p[0]) + g * Float(p[1]) + b * Float(p[2])
        }
    }

    /// Window of each 1-D box pass: half the block a 64×64 output pixel covers, rounded up.
    static func jaroszWindow(_ oldDimension: Int, _ newDimension: Int) -> Int {
        (oldDimension + 2 * newDimension - 1) / (2 * newDimension)
    }

    /// Decimation picks the input pixel at the centre of each output cell.
    static func decimationIndex(_ out: Int, inCount: Int, outCount: Int) -> Int {
        Int(((Double(out) + 0.5) * Double(inCount)) / Double(outCount))
    }

    /// Blur (two row/column passes) and decimate to 64×64. Overwrites `luma`.
    static func downsample64(luma: UnsafeMutableBufferPointer<Float>, rows: Int, cols: Int) -> [Float] {
        var out = [Float](repeating: 0, count: 64 * 64)
        guard let a = luma.baseAddress else { return out }
        if rows == 64 && cols == 64 {
            // The reference skips the filter when the input already is 64×64 (video frames).
            for i in 0..<4096 { out[i] = a[i] }
            return out
        }
        let windowAlongRows = jaroszWindow(cols, 64)
        let windowAlongCols = jaroszWindow(rows, 64)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: rows * cols)
        defer { scratch.deallocate() }
        let columnSums = UnsafeMutablePointer<Float>.allocate(capacity: cols)
        defer { columnSums.deallocate() }

        // Pass 1: rows a -> scratch, columns scratch -> a.
        boxRows(a, scratch, rows: rows, cols: cols, window: windowAlongRows)
        boxColumns(scratch, a, rows: rows, cols: cols, window: windowAlongCols, sums: columnSums)
        // Pass 2: rows a -> scratch, then the column pass only where decimation will read it.
        boxRows(a, scratch, rows: rows, cols: cols, window: windowAlongRows)
        let rowIndex = (0..<64).map { decimationIndex($0, inCount: rows, outCount: 64) }
        let colIndex = (0..<64).map { decimationIndex($0, inCount: cols, outCount: 64) }
        let column = UnsafeMutablePointer<Float>.allocate(capacity: rows)
        defer { column.deallocate() }
        let filtered = UnsafeMutablePointer<Float>.allocate(capacity: rows)
        defer { filtered.deallocate() }
        out.withUnsafeMutableBufferPointer { out in
            for (outj, j) in colIndex.enumerated() {
                for i in 0..<rows { column[i] = scratch[i * cols + j] }
                box1D(column, filtered, length: rows, window: windowAlongCols)
                for (outi, i) in rowIndex.enumerated() { out[outi * 64 + outj] = filtered[i] }
            }
        }
        return out
    }

    /// One box-filter pass over a contiguous vector: a running sum over a centred window that
    /// shrinks at the edges, in the reference's four phases so that the rounding is the same.
    @inline(__always)
    static func box1D(_ input: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>,
                      length: Int, window: Int) {
        let half = (window + 2) / 2
        let phase1 = half - 1
        let phase2 = window - half + 1
        let phase3 = length - window
        let phase4 = half - 1
        var li = 0, ri = 0, oi = 0
        var sum: Float = 0
        var current = 0
        for _ in 0..<max(0, phase1) {
            sum += input[ri]
            current += 1
            ri += 1
        }
        for _ in 0..<max(0, phase2) {
            sum += input[ri]
            current += 1
            output[oi] = sum / Float(current)
            ri += 1
            oi += 1
        }
        let fullWindow = Float(current)
        for _ in 0..<max(0, phase3) {
            sum += input[ri]
            sum -= input[li]
            output[oi] = sum / fullWindow
            li += 1
            ri += 1
            oi += 1
        }
        for _ in 0..<max(0, phase4) {
            sum -= input[li]
            current -= 1
            output[oi] = sum / Float(current)
            li += 1
            oi += 1
        }
    }

    /// The row pass. A row's running sum is one long chain of dependent additions, so four rows
    /// run side by side in SIMD lanes; each lane performs exactly the scalar operations.
    static func boxRows(_ input: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>,
                        rows: Int, cols: Int, window: Int) {
        var i = 0
        while i + 4 <= rows {
            box1D4(input + i * cols, output + i * cols, stride: cols, length: cols, window: window)
            i += 4
        }
        while i < rows {
            box1D(input + i * cols, output + i * cols, length: cols, window: window)
            i += 1
        }
    }

    /// `box1D` on four rows `stride` apart at once.
    @inline(__always)
    static func box1D4(_ input: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>,
                       stride: Int, length: Int, window: Int) {
        @inline(__always) func load(_ k: Int) -> SIMD4<Float> {
            SIMD4(input[k], input[k + stride], input[k + 2 * stride], input[k + 3 * stride])
        }
        @inline(__always) func store(_ k: Int, _ v: SIMD4<Float>) {
            output[k] = v[0]
            output[k + stride] = v[1]
            output[k + 2 * stride] = v[2]
            output[k + 3 * stride] = v[3]
        }
        let half = (window + 2) / 2
        let phase1 = half - 1
        let phase2 = window - half + 1
        let phase3 = length - window
        let phase4 = half - 1
        var li = 0, ri = 0, oi = 0
        var sum = SIMD4<Float>(repeating: 0)
        var current = 0
        for _ in 0..<max(0, phase1) {
            sum += load(ri)
            current += 1
            ri += 1
        }
        for _ in 0..<max(0, phase2) {
            sum += load(ri)
            current += 1
            store(oi, sum / SIMD4(repeating: Float(current)))
            ri += 1
            oi += 1
        }
        let fullWindow = SIMD4<Float>(repeating: Float(current))
        for _ in 0..<max(0, phase3) {
            sum += load(ri)
            sum -= load(li)
            store(oi, sum / fullWindow)
            li += 1
            ri += 1
            oi += 1
        }
        for _ in 0..<max(0, phase4) {
            sum -= load(li)
            current -= 1
            store(oi, sum / SIMD4(repeating: Float(current)))
            li += 1
            oi += 1
        }
    }

    /// The column pass for all columns at once, row by row, so that the inner loop runs over
    /// contiguous memory and vectorises; each column's own sequence of operations is unchanged.
    static func boxColumns(_ input: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>,
                           rows: Int, cols: Int, window: Int, sums: UnsafeMutablePointer<Float>) {
        let half = (window + 2) / 2
        let phase1 = half - 1
        let phase2 = window - half + 1
        let phase3 = rows - window
        let phase4 = half - 1
        sums.initialize(repeating: 0, count: cols)
        var li = 0, ri = 0, oi = 0
        var current = 0
        for _ in 0..<max(0, phase1) {
            let src = input + ri * cols
            for j in 0..<cols { sums[j] += src[j] }
            current += 1
            ri += 1
        }
        for _ in 0..<max(0, phase2) {
            let src = input + ri * cols, dst = output + oi * cols
            current += 1
            let divisor = Float(current)
            for j in 0..<cols {
                sums[j] += src[j]
                dst[j] = sums[j] / divisor
            }
            ri += 1
            oi += 1
        }
        let fullWindow = Float(current)
        for _ in 0..<max(0, phase3) {
            let add = input + ri * cols, sub = input + li * cols, dst = output + oi * cols
            for j in 0..<cols {
                var s = sums[j] + add[j]
                s -= sub[j]
                sums[j] = s
                dst[j] = s / fullWindow
            }
            li += 1
            ri += 1
            oi += 1
        }
        for _ in 0..<max(0, phase4) {
            let sub = input + li * cols, dst = output + oi * cols
            current -= 1
            let divisor = Float(current)
            for j in 0..<cols {
                sums[j] -= sub[j]
                dst[j] = sums[j] / divisor
            }
            li += 1
            oi += 1
        }
    }

    /// Sum of quantised gradients of the 64×64 block, scaled so that 100 means "plenty of
    /// detail"; flat or nearly flat images score low.
    static func qualityMetric(_ block: [Float]) -> Int {
        var gradientSum = 0
        let hundred: Float = 100, scale: Float = 255
        for i in 0..<63 {
            for j in 0..<64 {
                let d = Int(((block[i * 64 + j] - block[(i + 1) * 64 + j]) * hundred) / scale)
                gradientSum += abs(d)
            }
        }
        for i in 0..<64 {
            for j in 0..<63 {
                let d = Int(((block[i * 64 + j] - block[i * 64 + j + 1]) * hundred) / scale)
                gradientSum += abs(d)
            }
        }
        return min(gradientSum / 90, 100)
    }

    /// Rows 1–16 of the 64-point DCT-II basis, as the reference builds it: a float scale factor
    /// times a double cosine, rounded to float.
    static let dctMatrix: [Float] = {
        let scale = Float((2.0 / 64.0).squareRoot())
        var matrix = [Float](repeating: 0, count: 16 * 64)
        for i in 0..<16 {
            for j in 0..<64 {
                let angle = (Double.pi / 2.0 / 64.0) * Double(i + 1) * Double(2 * j + 1)
                matrix[i * 64 + j] = Float(Double(scale) * cos(angle))
            }
        }
        return matrix
    }()

    /// The same matrix transposed (64×16), so the second product runs over contiguous rows.
    static let dctMatrixTransposed: [Float] = {
        var transposed = [Float](repeating: 0, count: 64 * 16)
        for i in 0..<16 { for k in 0..<64 { transposed[k * 16 + i] = dctMatrix[i * 64 + k] } }
        return transposed
    }()

    /// B = D A Dᵀ restricted to the 16×16 low frequencies; each output sums over k = 0…63 in
    /// order, as the reference does.
    static func dct64To16(_ a: [Float]) -> [Float] {
        var t = [Float](repeating: 0, count: 16 * 64)
        var b = [Float](repeating: 0, count: 16 * 16)
        dctMatrix.withUnsafeBufferPointer { d in
            a.withUnsafeBufferPointer { a in
                t.withUnsafeMutableBufferPointer { t in
                    for i in 0..<16 {
                        let row = t.baseAddress! + i * 64
                        for k in 0..<64 {
                            let coefficient = d[i * 64 + k]
                            let src = a.baseAddress! + k * 64
                            for j in 0..<64 { row[j] += coefficient * src[j] }
                        }
                    }
                }
            }
        }
        dctMatrixTransposed.withUnsafeBufferPointer { dt in
            t.withUnsafeBufferPointer { t in
                b.withUnsafeMutableBufferPointer { b in
                    for i in 0..<16 {
                        let row = b.baseAddress! + i * 16
                        for k in 0..<64 {
                            let value = t[i * 64 + k]
                            let basis = dt.baseAddress! + k * 16
                            for j in 0..<16 { row[j] += value * basis[j] }
                        }
                    }
                }
            }
        }
        return b
    }

    /// One bit per coefficient: above the median or not.
    static func bits(of dct: [Float]) -> PDQHash {
        let median = torbenMedian(dct)
        var hash = PDQHash.zero
        for k in 0..<256 where dct[k] > median { hash.setBit(k) }
        return hash
    }

    /// Torben Mogensen's median (no sorting, no allocation), which for an even count returns
    /// the lower middle value, as the reference does.
    static func torbenMedian(_ m: [Float]) -> Float {
        guard var lo = m.first else { return 0 }
        var hi = lo
        for v in m {
            if v < lo { lo = v }
            if v > hi { hi = v }
        }
        let half = (m.count + 1) / 2
        var less = 0, greater = 0, equal = 0
        var guess: Float = 0, maxBelow: Float = 0, minAbove: Float = 0
        while true {
            guess = (lo + hi) / 2
            less = 0
            greater = 0
            equal = 0
            maxBelow = lo
            minAbove = hi
            for v in m {
                if v < guess {
                    less += 1
                    if v > maxBelow { maxBelow = v }
                } else if v > guess {
                    greater += 1
                    if v < minAbove { minAbove = v }
                } else {
                    equal += 1
                }
            }
            if less <= half && greater <= half { break }
            if less > greater { hi = maxBelow } else { lo = minAbove }
        }
        if less >= half { return maxBelow }
        if less + equal >= half { return guess }
        return minAbove
    }

    // MARK: - dihedral

    /// Rotations and flips of the image only change signs and transpose the DCT block, so all
    /// eight hashes come from one transform.
    static func dihedral(dct a: [Float], quality: Int) -> PDQDihedralHashes {
        func transform(transpose: Bool, negate: (Int, Int) -> Bool) -> PDQHash {
            var b = [Float](repeating: 0, count: 256)
            for i in 0..<16 {
                for j in 0..<16 {
                    let value = negate(i, j) ? -a[i * 16 + j] : a[i * 16 + j]
                    if transpose { b[j * 16 + i] = value } else { b[i * 16 + j] = value }
                }
            }
            return bits(of: b)
        }
        return PDQDihedralHashes(
            original: bits(of: a),
            rotate90: transform(transpose: true) { _, j in j & 1 == 0 },
            rotate180: transform(transpose: false) { i, j in (i + j) & 1 == 1 },
            rotate270: transform(transpose: true) { i, _ in i & 1 == 0 },
            flipX: transform(transpose: false) { i, _ in i & 1 == 0 },
            flipY: transform(transpose: false) { _, j in j & 1 == 0 },
            flipPlus1: transform(transpose: true) { _, _ in false },
            flipMinus1: transform(transpose: true) { i, j in (i + j) & 1 == 1 },
            quality: quality
        )
    }
}
