import GroundworkDiagnostics
import GroundworkModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns file bytes into text, reporting the first invalid byte's position.
package enum TextDecoding {
    package enum Result {
        case text(String)
        /// Not UTF-8 (or binary): the 1-based line and character column of the first bad byte.
        case invalid(line: Int, column: Int, reason: String)
    }

    package static func decode(_ bytes: [UInt8]) -> Result {
        var body = bytes[...]
        // A UTF-8 byte order mark is not content; editors do not count it as a column.
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        // An all-ASCII file (most pages) is valid UTF-8 as it is: found eight bytes at a time,
        // then `String(decoding:)` copies it on its ASCII path. `String(validating:)` walked
        // every file's bytes one by one (3 % of the parse, issue 21).
        let ascii = body.withUnsafeBufferPointer { isASCII($0) }
        if let text = ascii ? String(decoding: body, as: UTF8.self) : String(validating: body, as: UTF8.self) {
            // `memchr`: the generic `firstIndex(of:)` over the slice cost 5 instructions a byte (issue 21).
            let nulOffset = body.withUnsafeBufferPointer { buffer -> Int? in
                guard let base = buffer.baseAddress, let hit = memchr(base, 0, buffer.count) else { return nil }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            if let nul = nulOffset.map({ body.startIndex + $0 }) {
                let (line, column) = position(of: nul, in: body)
                return .invalid(line: line, column: column, reason: "file contains a NUL byte (is it binary?)")
            }
            return .text(text)
        }
        // Find the first invalid sequence.
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = body.makeIterator()
        var offset = body.startIndex
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                offset += scalar.count
            case .emptyInput:
                return .text(String(decoding: body, as: UTF8.self))
            case .error:
                let (line, column) = position(of: offset, in: body)
                return .invalid(line: line, column: column, reason: "file is not valid UTF-8 (first bad byte here)")
            }
        }
    }

    /// Whether every byte is below 0x80.
    package static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var i = 0
        // Unaligned eight-byte loads: the high bit of eight bytes at once.
        while i + 8 <= bytes.count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < bytes.count {
            if bytes[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    private static func position(of offset: Int, in bytes: ArraySlice<UInt8>) -> (Int, Int) {
        var line = 1
        var lineStart = bytes.startIndex
        for i in bytes.startIndex..<offset where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        let prefix = String(decoding: bytes[lineStart..<offset], as: UTF8.self)
        return (line, prefix.count + 1)
    }
}
