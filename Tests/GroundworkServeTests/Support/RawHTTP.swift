import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately plain HTTP/1.1 client over blocking sockets: it sends the request target
/// exactly as given (URLSession would normalise `/../` away before it left the machine), and
/// every read has a timeout, so a test can fail but never hang.
struct RawHTTP {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// A connected socket with send and receive timeouts.
    final class Connection {
        let fd: Int32

        init(port: UInt16, timeout: TimeInterval, host: String = "127.0.0.1") throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw Failure("socket: \(String(cString: strerror(errno)))") }
            var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr(host)
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard result == 0 else {
                let message = String(cString: strerror(errno))
                Glibc.close(fd)
                throw Failure("connect: \(message)")
            }
        }

        deinit { Glibc.close(fd) }

        func send(_ text: String) throws {
            let bytes = Array(text.utf8)
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { throw Failure("send: \(String(cString: strerror(errno)))") }
                sent += n
            }
        }

        /// Some bytes; empty at end of stream. Throws on timeout.
        func receive() throws -> [UInt8] {
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 { throw Failure(errno == EAGAIN || errno == EWOULDBLOCK ? "timed out" : "recv: \(String(cString: strerror(errno)))") }
            return Array(buffer[..<n])
        }

        /// Everything until the server closes the connection.
        func receiveAll() throws -> [UInt8] {
            var all: [UInt8] = []
            while true {
                let chunk = try receive()
                if chunk.isEmpty { return all }
                all += chunk
            }
        }
    }

    /// Sends `GET target` (as is) with `Connection: close` and reads the whole response.
    static func get(port: UInt16, _ target: String, method: String = "GET", timeout: TimeInterval = 5) throws -> Response {
        let connection = try Connection(port: port, timeout: timeout)
        try connection.send(request(target, method: method))
        return try parse(connection.receiveAll())
    }

    static func request(_ target: String, method: String = "GET") -> String {
        "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    }

    static func parse(_ bytes: [UInt8]) throws -> Response {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.firstRange(of: separator) else { throw Failure("no header end in \(bytes.count) bytes") }
        let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure("bad status line '\(head[0])'") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(bytes[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            var decoder = ChunkDecoder()
            body = decoder.feed(body)
        }
        return Response(status: status, headers: headers, body: Data(body))
    }

    /// Decodes a chunked body as it arrives.
    struct ChunkDecoder {
        private var raw: [UInt8] = []
        private var finished = false

        mutating func feed(_ bytes: [UInt8]) -> [UInt8] {
            raw += bytes
            var out: [UInt8] = []
            while !finished {
                guard let lineEnd = raw.firstRange(of: Array("\r\n".utf8)) else { break }
                let sizeText = String(decoding: raw[..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { finished = true; break }
                if size == 0 { finished = true; break }
                let start = lineEnd.upperBound
                guard raw.count >= start + size + 2 else { break }
                out += raw[start..<(start + size)]
                raw.removeFirst(start + size + 2)
            }
            return out
        }
    }

    /// A Server-Sent Events subscription.
    final class EventStream {
        let connection: Connection
        private var decoder = ChunkDecoder()
        private var pending = ""
        private var headerDone = false
        private var raw: [UInt8] = []

        init(port: UInt16, path: String = "/__groundwork/events") throws {
            connection = try Connection(port: port, timeout: 0.2)
            try connection.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        }

        /// The next event (name, data), waiting at most `timeout`; nil on timeout.
        func next(timeout: TimeInterval) throws -> (event: String, data: String)? {
            let deadline = Date(timeIntervalSinceNow: timeout)
            while true {
                if let range = pending.range(of: "\n\n") {
                    let block = pending[..<range.lowerBound]
                    pending.removeSubrange(..<range.upperBound)
                    var name = "message"
                    var data: [String] = []
                    for line in block.split(separator: "\n") {
                        if line.hasPrefix("event:") { name = line.dropFirst(6).trimmingCharacters(in: .whitespaces) }
                        if line.hasPrefix("data:") { data.append(String(line.dropFirst(5)).trimmingCharacters(in: .whitespaces)) }
                    }
                    if data.isEmpty && name == "message" { continue }  // `retry:` or a comment
                    return (name, data.joined(separator: "\n"))
                }
                if Date() > deadline { return nil }
                let bytes: [UInt8]
                do { bytes = try connection.receive() } catch let failure as Failure where failure.description == "timed out" {
                    continue
                }
                if bytes.isEmpty { throw Failure("event stream closed") }
                if headerDone {
                    pending += String(decoding: decoder.feed(bytes), as: UTF8.self)
                } else {
                    raw += bytes
                    if let end = raw.firstRange(of: Array("\r\n\r\n".utf8)) {
                        headerDone = true
                        let rest = Array(raw[end.upperBound...])
                        raw = []
                        pending += String(decoding: decoder.feed(rest), as: UTF8.self)
                    }
                }
            }
        }

        /// Waits for an event of this name, skipping others; nil on timeout.
        func wait(for name: String, timeout: TimeInterval) throws -> String? {
            let deadline = Date(timeIntervalSinceNow: timeout)
            while true {
                let left = deadline.timeIntervalSinceNow
                if left <= 0 { return nil }
                guard let event = try next(timeout: left) else { return nil }
                if event.event == name { return event.data }
            }
        }
    }
}
