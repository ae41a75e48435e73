import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Changes seen in the watched folders since the last batch.
public struct WatchBatch: Sendable, Equatable {
    /// Content-relative paths that changed (created, modified, deleted, renamed); nil when
    /// unknown (the watcher lost events): read the whole folder again.
    public var contentPaths: Set<String>?
    public var templates: Bool

    public init(contentPaths: Set<String>?, templates: Bool) {
        self.contentPaths = contentPaths
        self.templates = templates
    }
}

/// Watches the content and templates folders. On Linux it uses inotify (one watch per
/// folder, added as folders appear); elsewhere, or when inotify is unavailable, or in
/// `.polling` mode (`GROUNDWORK_WATCH=poll`, which the CLI reads), it compares modification
/// times, sizes and inodes every `pollInterval`. Hidden files and folders (editor swap files, `.git`) are ignored, as the
/// content loader ignores them.
///
/// One thread calls `next`; `close` may be called from any thread.
final class FileWatcher: Sendable {
    enum Mode: Sendable { case automatic, polling }
    enum Root: Sendable { case content, templates }

    let content: URL
    let templates: URL
    let pollInterval: Duration
    /// After a first event, wait until the folders are quiet this long (an editor's save is
    /// several events), at most `maxSettle`.
    let settle: Duration = .milliseconds(15)
    let maxSettle: Duration = .milliseconds(250)
    let usesInotify: Bool
    private let closed = Atomic<Bool>(false)
    /// The inotify instance (-1 when polling).
    private let fd: Int32

    /// What the watching thread keeps between calls: the inotify watches (by descriptor) and
    /// the last polled snapshot. Only `next`'s thread touches it; the lock makes that checkable.
    private struct State {
        var watches: [Int32: (root: Root, path: String)] = [:]
        var snapshot: [String: FileStamp] = [:]
    }
    private let state = Mutex(State())

    init(content: URL, templates: URL, mode: Mode = .automatic, pollInterval: Duration = .milliseconds(100)) {
        self.content = content.standardizedFileURL
        self.templates = templates.standardizedFileURL
        self.pollInterval = pollInterval
        var fd: Int32 = -1
        #if canImport(Glibc)
        if mode == .automatic { fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
        #endif
        self.fd = fd
        usesInotify = fd >= 0
        #if canImport(Glibc)
        if usesInotify {
            addTree(.content, relative: "")
            addTree(.templates, relative: "")
            return
        }
        #endif
        let snapshot = takeSnapshot()
        state.withLock { $0.snapshot = snapshot }
    }

    deinit {
        #if canImport(Glibc)
        if fd >= 0 { Glibc.close(fd) }
        #endif
    }

    /// Stops watching; a waiting `next` returns nil within one poll interval.
    func close() {
        closed.store(true, ordering: .relaxed)
    }

    private var isClosed: Bool { closed.load(ordering: .relaxed) }

    /// Waits up to `timeout` for changes, then for the folders to settle. Nil on timeout or
    /// after `close`.
    func next(timeout: Duration) -> WatchBatch? {
        #if canImport(Glibc)
        if usesInotify { return nextInotify(timeout: timeout) }
        #endif
        return nextPolling(timeout: timeout)
    }

    private func url(_ root: Root) -> URL { root == .content ? content : templates }

    static func isHidden(_ relative: String) -> Bool {
        relative.split(separator: "/").contains { $0.hasPrefix(".") || $0.hasSuffix("~") }
    }

    // MARK: inotify

    #if canImport(Glibc)
    private func addTree(_ root: Root, relative: String) {
        let folder = relative.isEmpty ? url(root) : url(root).appendingPathComponent(relative)
        let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
            | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW)
        let wd = inotify_add_watch(fd, folder.path, mask)
        guard wd >= 0 else { return }
        state.withLock { $0.watches[wd] = (root, relative) }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where !name.hasPrefix(".") {
            var info = stat()
            let child = relative.isEmpty ? name : relative + "/" + name
            if lstat(folder.appendingPathComponent(name).path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                addTree(root, relative: child)
            }
        }
    }

    private func nextInotify(timeout: Duration) -> WatchBatch? {
        var batch = WatchBatch(contentPaths: [], templates: false)
        var seen = false
        let deadline = ContinuousClock.now + timeout
        var settleDeadline = ContinuousClock.now
        var hardDeadline = ContinuousClock.now
        while !isClosed {
            let now = ContinuousClock.now
            let wait: Duration
            if seen {
                if now >= settleDeadline || now >= hardDeadline { return batch }
                wait = min(settleDeadline, hardDeadline) - now
            } else {
                if now >= deadline { return nil }
                // Wake up now and then to notice `close`.
                wait = min(deadline - now, .milliseconds(100))
            }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, Int32(max(1, wait.milliseconds)))
            guard ready > 0 else { continue }
            if readEvents(into: &batch) {
                if !seen { hardDeadline = ContinuousClock.now + maxSettle }
                seen = true
                settleDeadline = ContinuousClock.now + settle
            }
        }
        return nil
    }

    /// Reads what is available; true when something relevant changed.
    private func readEvents(into batch: inout WatchBatch) -> Bool {
        var relevant = false
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer, size)
            guard count > 0 else { break }
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while offset + header <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                var name = ""
                if event.len > 0 {
                    let start = buffer.advanced(by: offset + header).assumingMemoryBound(to: CChar.self)
                    name = String(cString: start)
                }
                offset += header + Int(event.len)
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    batch.contentPaths = nil
                    batch.templates = true
                    relevant = true
                    continue
                }
                guard let watch = state.withLock({ $0.watches[event.wd] }) else { continue }
                if event.mask & UInt32(IN_IGNORED) != 0 {
                    state.withLock { $0.watches[event.wd] = nil }
                    continue
                }
                let path = name.isEmpty ? watch.path : (watch.path.isEmpty ? name : watch.path + "/" + name)
                if event.mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
                    // A watched folder itself went away: its parent reports the path too.
                    if watch.path.isEmpty {
                        if watch.root == .content { batch.contentPaths = nil } else { batch.templates = true }
                        relevant = true
                    }
                    continue
                }
                if Self.isHidden(path) { continue }
                if event.mask & UInt32(IN_ISDIR) != 0, event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                    addTree(watch.root, relative: path)
                }
                relevant = true
                switch watch.root {
                case .content: batch.contentPaths?.insert(path)
                case .templates: batch.templates = true
                }
            }
        }
        return relevant
    }
    #endif

    // MARK: Polling

    struct FileStamp: Equatable, Sendable {
        var modified: Int
        var size: Int
        var inode: UInt64
        var isDirectory: Bool
    }

    private func nextPolling(timeout: Duration) -> WatchBatch? {
        let deadline = ContinuousClock.now + timeout
        while !isClosed {
            let fresh = takeSnapshot()
            let snapshot = state.withLock { $0.snapshot }
            if fresh != snapshot {
                var batch = WatchBatch(contentPaths: [], templates: false)
                for key in Set(fresh.keys).union(snapshot.keys) where fresh[key] != snapshot[key] {
                    if key.hasPrefix("c:") { batch.contentPaths?.insert(String(key.dropFirst(2))) } else { batch.templates = true }
                }
                state.withLock { $0.snapshot = fresh }
                return batch
            }
            let now = ContinuousClock.now
            if now >= deadline { return nil }
            Thread.sleep(forTimeInterval: Double(min(pollInterval, deadline - now).milliseconds) / 1000)
        }
        return nil
    }

    private func takeSnapshot() -> [String: FileStamp] {
        var result: [String: FileStamp] = [:]
        func walk(_ folder: URL, relative: String, prefix: String) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
            for name in names where !name.hasPrefix(".") && !name.hasSuffix("~") {
                let child = relative.isEmpty ? name : relative + "/" + name
                let url = folder.appendingPathComponent(name)
                var info = stat()
                guard lstat(url.path, &info) == 0 else { continue }
                // Symbolic links are stamped by their target but never followed into (loops).
                let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
                if (info.st_mode & S_IFMT) == S_IFLNK { _ = stat(url.path, &info) }
                #if canImport(Glibc)
                let modified = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
                #else
                let modified = Int(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int(info.st_mtimespec.tv_nsec)
                #endif
                result[prefix + child] = FileStamp(modified: isDirectory ? 0 : modified, size: isDirectory ? 0 : Int(info.st_size),
                                                   inode: UInt64(info.st_ino), isDirectory: isDirectory)
                if isDirectory { walk(url, relative: child, prefix: prefix) }
            }
        }
        walk(content, relative: "", prefix: "c:")
        walk(templates, relative: "", prefix: "t:")
        return result
    }
}

extension Duration {
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
