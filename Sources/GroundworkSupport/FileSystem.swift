import Foundation

/// A folder's entries (without `.` and `..`) with their `d_type` (`DT_UNKNOWN` when the file
/// system does not say), or nil when the folder cannot be read.
package func listDirectory(_ path: String) -> [(name: String, type: UInt8)]? {
    guard let directory = opendir(path) else { return nil }
    defer { closedir(directory) }
    var entries: [(name: String, type: UInt8)] = []
    while let entry = readdir(directory) {
        let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
            pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) { String(cString: $0) }
        }
        if name == "." || name == ".." { continue }
        entries.append((name, entry.pointee.d_type))
    }
    return entries
}

/// The names in a folder that start with `prefix` (compared as bytes, before any `String` is
/// made: the output's parent folder may hold thousands of other names, issue 21); nil when the
/// folder cannot be read.
package func directoryNames(in path: String, startingWith prefix: String) -> [String]? {
    guard let directory = opendir(path) else { return nil }
    defer { closedir(directory) }
    let wanted = prefix.utf8.map { CChar(bitPattern: $0) } + [0], length = prefix.utf8.count
    var names: [String] = []
    while let entry = readdir(directory) {
        let name: String? = withUnsafePointer(to: entry.pointee.d_name) { pointer in
            pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) { cName in
                strncmp(cName, wanted, length) == 0 ? String(cString: cName) : nil
            }
        }
        if let name, name != ".", name != ".." { names.append(name) }
    }
    return names
}

/// Reads a whole file with POSIX calls straight into bytes: no `Data` round trip (and no
/// allocation that LeakSanitizer reports inside Foundation's reader, found by `make fuzz`).
package func readBytes(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return nil }
    // Read into the array itself, sized by `fstat` plus one byte, so that a file of the size
    // it says is read by one `read` and its end seen by a second. A 64 KiB zeroed chunk per
    // file, copied on, was most of the load stage's CPU at 10,000 pages (issue 21).
    let expected = max(Int(info.st_size), 0)
    var failed = false
    var bytes = [UInt8](unsafeUninitializedCapacity: expected + 1) { buffer, count in
        count = 0
        while count < buffer.count {
            let n = read(fd, buffer.baseAddress! + count, buffer.count - count)
            if n < 0 {
                if errno == EINTR { continue }
                failed = true
                return
            }
            if n == 0 { return }
            count += n
        }
    }
    if failed { return nil }
    // The end came before the extra byte: the whole file is read.
    if bytes.count <= expected { return bytes }
    // Longer than `fstat` said (growing, or a file system that does not know): read on.
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            return nil
        }
        if count == 0 { return bytes }
        bytes.append(contentsOf: chunk[0..<count])
    }
}

/// The folder part of a `/`-separated relative path ("a/b/c.html" → "a/b", "x" → ""), in
/// plain Swift. Why not `NSString.deletingLastPathComponent`: swift-corelibs-foundation 6.3
/// traps (illegal instruction) on some one-character strings made from a substring — an
/// asset named `x` at the root of a content folder crashed `build`.
///
/// The slash is found in the UTF-8 bytes: `lastIndex(of: "/")` on the characters cost ~3,500
/// instructions a path (grapheme breaking), ~70 M at 10,000 pages in `build`'s page folders
/// alone (issue 21). A file system splits at the byte `/` too, also where a combining mark
/// follows it (which made one character of the two for the old search).
package func parentPath(of relative: String) -> String {
    guard let slash = relative.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
    if slash == relative.startIndex { return "/" }
    return String(relative[..<slash])
}
