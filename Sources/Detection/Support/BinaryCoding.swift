import Foundation

/// Errors reading a model or fingerprint file. Model files may come from disk or an upload, so
/// every read is bounds-checked.
public enum ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case badMagic(expected: String)
    case unsupportedVersion(Int)
    case truncated
    case invalid(String)

    public var description: String {
        switch self {
        case .badMagic(let expected): "not a \(expected) file"
        case .unsupportedVersion(let version): "unsupported model version \(version)"
        case .truncated: "model file is truncated"
        case .invalid(let reason): "invalid model file: \(reason)"
        }
    }
}

/// Little-endian writer for the compact model formats.
struct ByteWriter {
    private(set) var data = Data()

    mutating func write(magic: String) { data.append(contentsOf: Array(magic.utf8)) }
    mutating func write(_ value: UInt8) { data.append(value) }
    mutating func write(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
    mutating func write(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
    mutating func write(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
    mutating func write(_ value: Float) { write(value.bitPattern) }
    mutating func write(_ value: Double) { write(value.bitPattern) }

    mutating func write(_ string: String) {
        let bytes = Array(string.utf8)
        write(UInt32(bytes.count))
        data.append(contentsOf: bytes)
    }

    mutating func write(bytes: [UInt8]) { data.append(contentsOf: bytes) }

    mutating func write(floats: [Float]) {
        data.reserveCapacity(data.count + floats.count * 4)
        for value in floats { write(value) }
    }
}

/// Bounds-checked little-endian reader.
struct ByteReader {
    private let data: [UInt8]
    private(set) var offset = 0

    init(_ data: Data) { self.data = [UInt8](data) }

    var remaining: Int { data.count - offset }

    mutating func expect(magic: String, name: String) throws {
        let bytes = Array(magic.utf8)
        guard remaining >= bytes.count, Array(data[offset..<(offset + bytes.count)]) == bytes else {
            throw ModelFileError.badMagic(expected: name)
        }
        offset += bytes.count
    }

    mutating func readUInt8() throws -> UInt8 {
        guard remaining >= 1 else { throw ModelFileError.truncated }
        defer { offset += 1 }
        return data[offset]
    }

    private mutating func readLittleEndian(_ width: Int) throws -> UInt64 {
        guard remaining >= width else { throw ModelFileError.truncated }
        var value: UInt64 = 0
        for index in 0..<width { value |= UInt64(data[offset + index]) << (8 * UInt64(index)) }
        offset += width
        return value
    }

    mutating func readUInt16() throws -> UInt16 { UInt16(try readLittleEndian(2)) }
    mutating func readUInt32() throws -> UInt32 { UInt32(try readLittleEndian(4)) }
    mutating func readUInt64() throws -> UInt64 { try readLittleEndian(8) }
    mutating func readFloat() throws -> Float { Float(bitPattern: try readUInt32()) }
    mutating func readDouble() throws -> Double { Double(bitPattern: try readUInt64()) }

    mutating func readString(maxLength: Int = 1 << 16) throws -> String {
        let length = Int(try readUInt32())
        guard length <= maxLength else { throw ModelFileError.invalid("string too long") }
        let bytes = try readBytes(length)
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func readBytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0, remaining >= count else { throw ModelFileError.truncated }
        defer { offset += count }
        return Array(data[offset..<(offset + count)])
    }

    mutating func readFloats(_ count: Int) throws -> [Float] {
        guard count >= 0, remaining >= count * 4 else { throw ModelFileError.truncated }
        var result = [Float](repeating: 0, count: count)
        data.withUnsafeBufferPointer { buffer in
            for index in 0..<count {
                let base = offset + index * 4
                let bits = UInt32(buffer[base]) | UInt32(buffer[base + 1]) << 8
                    | UInt32(buffer[base + 2]) << 16 | UInt32(buffer[base + 3]) << 24
                result[index] = Float(bitPattern: bits)
            }
        }
        offset += count * 4
        return result
    }
}
