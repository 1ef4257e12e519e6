import Foundation

extension RGBImage {
    /// A copy that fits in `maxDimension` × `maxDimension`, keeping the aspect ratio, by averaging
    /// the source pixels each output pixel covers (no aliasing on large reductions). Returns the
    /// image itself when it already fits.
    public func scaled(toFit maxDimension: Int) -> RGBImage {
        guard maxDimension > 0, width > 0, height > 0, max(width, height) > maxDimension else { return self }
        let scale = Double(maxDimension) / Double(max(width, height))
        let newWidth = max(1, Int((Double(width) * scale).rounded()))
        let newHeight = max(1, Int((Double(height) * scale).rounded()))
        var out = [UInt8](repeating: 0, count: newWidth * newHeight * 3)
        for y in 0..<newHeight {
            let y0 = y * height / newHeight, y1 = max(y0 + 1, (y + 1) * height / newHeight)
            for x in 0..<newWidth {
                let x0 = x * width / newWidth, x1 = max(x0 + 1, (x + 1) * width / newWidth)
                var r = 0, g = 0, b = 0
                for sy in y0..<y1 {
                    var i = 3 * (sy * width + x0)
                    for _ in x0..<x1 {
                        r += Int(pixels[i]); g += Int(pixels[i + 1]); b += Int(pixels[i + 2])
                        i += 3
                    }
                }
                let n = (y1 - y0) * (x1 - x0)
                let o = 3 * (y * newWidth + x)
                out[o] = UInt8((r + n / 2) / n)
                out[o + 1] = UInt8((g + n / 2) / n)
                out[o + 2] = UInt8((b + n / 2) / n)
            }
        }
        return RGBImage(width: newWidth, height: newHeight, pixels: out) ?? self
    }
}

/// Small JPEG previews for the item page, which shows a captured image beside its match. Made
/// from our own decoding, so the browser never receives the hostile original.
public enum Thumbnail {
    public static func jpeg(from data: Data, maxDimension: Int = 320, quality: Int = 80,
                            decoder: ImageDecoder = ImageDecoder()) throws(MediaError) -> Data {
        try JPEGEncoder.encode(decoder.decode(data).scaled(toFit: maxDimension), quality: quality)
    }
}
