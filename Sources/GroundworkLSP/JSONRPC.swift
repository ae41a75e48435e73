import Foundation

/// Any JSON value: what JSON-RPC messages carry. LSP's messages are few, so they are read and
/// written through this one Codable type rather than a library (none is in the mirror).
public enum LSPAny: Codable, Equatable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([LSPAny])
    case object([String: LSPAny])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: LSPAny...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, LSPAny)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([LSPAny].self) { self = .array(value) }
        else { self = .object(try container.decode([String: LSPAny].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    public subscript(key: String) -> LSPAny? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var string: String? { if case .string(let s) = self { return s }; return nil }
    public var int: Int? {
        switch self {
        case .int(let n): return n
        case .double(let d) where d.rounded() == d && abs(d) < 1e15: return Int(d)
        default: return nil
        }
    }
    public var array: [LSPAny]? { if case .array(let a) = self { return a }; return nil }

    /// The value as compact JSON with sorted keys (deterministic bytes).
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("null".utf8)
    }

    public static func decode(_ data: Data) -> LSPAny? { try? JSONDecoder().decode(LSPAny.self, from: data) }
}

/// JSON-RPC 2.0 error codes (and LSP's own).
public enum RPCError {
    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let serverNotInitialized = -32002
}

/// Splits a byte stream into JSON-RPC messages framed as LSP frames them:
/// `Content-Length: N\r\n` (other headers ignored) `\r\n` then N bytes of JSON.
/// Never traps: a header block without a usable `Content-Length` is dropped and reported.
public struct MessageFramer {
    /// One thing found in the stream.
    public enum Event: Equatable {
        /// A message body (not yet parsed as JSON).
        case message(Data)
        /// A header block that could not be used; it was skipped.
        case badHeader(String)
        /// A body longer than `maxBody`; its bytes are skipped as they arrive.
        case tooLarge(Int)
    }

    /// The largest body accepted (64 MiB): anything larger is skipped, not buffered.
    public var maxBody = 64 << 20
    /// The longest header block (a stream of garbage without `\r\n\r\n` is dropped).
    public var maxHeader = 8192
    private var buffer = Data()
    private var skipping = 0

    public init() {}

    /// Adds bytes read from the stream and returns the events they complete.
    public mutating func feed(_ bytes: Data) -> [Event] {
        var data = bytes
        if skipping > 0 {
            let drop = min(skipping, data.count)
            skipping -= drop
            data = data.dropFirst(drop)
        }
        buffer.append(data)
        var events: [Event] = []
        let separator = Data("\r\n\r\n".utf8)
        while true {
            guard let end = buffer.range(of: separator) else {
                if buffer.count > maxHeader {
                    events.append(.badHeader("no end of headers in \(buffer.count) bytes"))
                    buffer = Data()
                }
                break
            }
            let header = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
            var length: Int?
            for line in header.split(whereSeparator: \.isNewline) {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" {
                    length = Int(parts[1].trimmingCharacters(in: .whitespaces))
                }
            }
            guard let length, length >= 0 else {
                events.append(.badHeader("no valid Content-Length"))
                buffer = Data(buffer[end.upperBound...])
                continue
            }
            let bodyStart = end.upperBound
            if length > maxBody {
                events.append(.tooLarge(length))
                let available = buffer.count - (bodyStart - buffer.startIndex)
                skipping = max(0, length - available)
                buffer = available > length ? Data(buffer[(bodyStart + length)...]) : Data()
                continue
            }
            guard buffer.endIndex - bodyStart >= length else { break }
            events.append(.message(Data(buffer[bodyStart..<(bodyStart + length)])))
            buffer = Data(buffer[(bodyStart + length)...])
        }
        return events
    }

    /// `message` framed for the wire.
    public static func frame(_ message: LSPAny) -> Data {
        let body = message.encoded()
        var data = Data("Content-Length: \(body.count)\r\n\r\n".utf8)
        data.append(body)
        return data
    }
}
