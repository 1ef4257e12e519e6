#if canImport(Glibc)
    import Glibc
#endif

/// Charsets without a table of our own (Shift_JIS, GBK, ISO-8859-x, …) go through the C library's
/// iconv. Invalid bytes become U+FFFD one at a time, so a wrong declaration never stops decoding.
enum IconvDecoder {
    static func supports(_ charset: String) -> Bool {
        #if canImport(Glibc)
            let handle = iconv_open("UTF-8", charset)
            guard let handle, handle != iconv_t(bitPattern: -1) else { return false }
            iconv_close(handle)
            return true
        #else
            return false
        #endif
    }

    static func decode(_ bytes: [UInt8], from charset: String) -> (String, Int)? {
        #if canImport(Glibc)
            let handle = iconv_open("UTF-8", charset)
            guard let handle, handle != iconv_t(bitPattern: -1) else { return nil }
            defer { iconv_close(handle) }
            var output = [UInt8]()
            output.reserveCapacity(bytes.count * 2)
            var invalid = 0
            var input = bytes
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            var offset = 0
            while offset < input.count {
                let before = offset
                var produced = 0
                var failure: Int32 = 0
                input.withUnsafeMutableBufferPointer { inBuffer in
                    buffer.withUnsafeMutableBufferPointer { outBuffer in
                        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
                            inBuffer.baseAddress! + offset
                        )
                        .assumingMemoryBound(to: CChar.self)
                        var inLeft = inBuffer.count - offset
                        var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!)
                            .assumingMemoryBound(to: CChar.self)
                        var outLeft = outBuffer.count
                        let result = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                        if result == -1 { failure = errno }
                        offset = inBuffer.count - inLeft
                        produced = outBuffer.count - outLeft
                    }
                }
                output.append(contentsOf: buffer[0..<produced])
                if failure == EILSEQ || failure == EINVAL || (failure != E2BIG && failure != 0 && offset == before) {
                    invalid += 1
                    output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    offset += 1
                } else if failure == 0 && offset == before {
                    break
                }
            }
            return (String(decoding: output, as: UTF8.self), invalid)
        #else
            return nil
        #endif
    }
}
