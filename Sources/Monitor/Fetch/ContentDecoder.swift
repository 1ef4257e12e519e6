import CBrotli
import CZlib

/// Undoes `Content-Encoding` (gzip, x-gzip, deflate, br, and chains of them) with a cap on the output
/// and on the ratio of output to input, so a small hostile body cannot expand without bound.
enum ContentDecoder {
    struct Output {
        var bytes: [UInt8]
        var limit: DecodingLimit?
    }

    static func decode(_ body: [UInt8], contentEncoding: String?, maximumBytes: Int, maximumRatio: Int) -> Output {
        let codings = (contentEncoding ?? "").lowercased().split(separator: ",")
            .map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty && $0 != "identity" }
        var current = body
        // Codings are listed in the order they were applied; undo them from the last.
        for coding in codings.reversed() {
            let cap = min(maximumBytes, max(current.count, 1) &* max(maximumRatio, 1))
            let limitReason: DecodingLimit = cap < maximumBytes ? .compressionRatio : .outputSize
            let step: Output
            switch coding {
            case "gzip", "x-gzip": step = inflate(current, windowBits: 15 + 32, cap: cap, capReason: limitReason)
            case "deflate":
                let zlibWrapped = inflate(current, windowBits: 15, cap: cap, capReason: limitReason)
                // Some servers send raw deflate despite the standard; try that when zlib framing fails early.
                step =
                    zlibWrapped.limit == .corruptStream && zlibWrapped.bytes.isEmpty
                    ? inflate(current, windowBits: -15, cap: cap, capReason: limitReason) : zlibWrapped
            case "br": step = brotli(current, cap: cap, capReason: limitReason)
            default: return Output(bytes: current, limit: .unsupportedEncoding)
            }
            if step.limit != nil { return step }
            current = step.bytes
        }
        return Output(bytes: current, limit: nil)
    }

    private static func inflate(_ input: [UInt8], windowBits: Int32, cap: Int, capReason: DecodingLimit) -> Output {
        guard !input.isEmpty else { return Output(bytes: [], limit: nil) }
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return Output(bytes: [], limit: .corruptStream)
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var source = input
        var limit: DecodingLimit?
        source.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = uInt(outBuffer.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if output.count + produced > cap {
                    output.append(contentsOf: chunk[0..<(cap - output.count)])
                    limit = capReason
                    return
                }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    // Concatenated gzip members are legal; continue with the next one.
                    if stream.avail_in > 0, windowBits > 15 {
                        guard inflateReset(&stream) == Z_OK else { limit = .corruptStream; return }
                        continue
                    }
                    return
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    // No progress possible: input ended before the stream did.
                    if stream.avail_in == 0 { limit = .corruptStream; return }
                    continue
                default:
                    limit = .corruptStream
                    return
                }
            }
        }
        return Output(bytes: output, limit: limit)
    }

    private static func brotli(_ input: [UInt8], cap: Int, capReason: DecodingLimit) -> Output {
        guard let state = BrotliDecoderCreateInstance(nil, nil, nil) else {
            return Output(bytes: [], limit: .corruptStream)
        }
        defer { BrotliDecoderDestroyInstance(state) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var limit: DecodingLimit?
        input.withUnsafeBufferPointer { inBuffer in
            var availableIn = inBuffer.count
            var nextIn = inBuffer.baseAddress
            while true {
                var produced = 0
                let result = chunk.withUnsafeMutableBufferPointer { outBuffer -> BrotliDecoderResult in
                    var availableOut = outBuffer.count
                    var nextOut = outBuffer.baseAddress
                    let result = BrotliDecoderDecompressStream(
                        state, &availableIn, &nextIn, &availableOut, &nextOut, nil)
                    produced = outBuffer.count - availableOut
                    return result
                }
                if output.count + produced > cap {
                    output.append(contentsOf: chunk[0..<(cap - output.count)])
                    limit = capReason
                    return
                }
                output.append(contentsOf: chunk[0..<produced])
                switch result {
                case BROTLI_DECODER_RESULT_SUCCESS: return
                case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: continue
                default:
                    limit = .corruptStream
                    return
                }
            }
        }
        return Output(bytes: output, limit: limit)
    }
}
