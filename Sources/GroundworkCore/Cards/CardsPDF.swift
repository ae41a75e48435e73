import Foundation

/// The paper a print sheet is printed on.
public enum CardPaper: String, Sendable, CaseIterable {
    case letter, a4

    /// How people name it.
    public var displayName: String { self == .letter ? "US Letter" : "A4" }
}

/// What `groundwork cards` produced.
public struct CardsPDFOutcome: Sendable {
    /// The build's diagnostics (the cards are printed only when nothing failed).
    public var report: Report
    /// Cards on the print sheet; nil when the build failed.
    public var cards: Int?
    /// Pages of the PDF as written by Chromium; nil when not printed, or when the PDF's page
    /// tree could not be read.
    public var pages: Int?
    /// True when the PDF was written to its destination.
    public var wrote: Bool { written }
    package var written = false
}

/// `groundwork cards`: builds the site into a temporary folder, prints its cards print sheet
/// to PDF with headless Chromium, checks the PDF has one page per card, and removes the
/// temporary folder. Writes nothing but the PDF and that folder: Chromium's profile, cache
/// and temporary files are kept inside it too (its temporary files in a short `/tmp/gw-cards-*`
/// folder instead when the temporary folder's path is too long for a Unix socket).
public enum CardsPDF {
    /// What to tell a user without Chromium.
    public static let installHint = "install the Debian package 'chromium' (apt-get install chromium), "
        + "or set GROUNDWORK_CHROMIUM to a Chromium or Google Chrome executable"

    /// How long Chromium may take to print before it is stopped.
    public static let timeout: TimeInterval = 180

    /// Finds Chromium: `GROUNDWORK_CHROMIUM`, then `chromium` or `chromium-browser` on `PATH`.
    public static func locateChromium(environment: [String: String], currentDirectory: URL) -> URL? {
        if let explicit = environment["GROUNDWORK_CHROMIUM"], !explicit.isEmpty {
            let url = URL(fileURLWithPath: explicit, relativeTo: currentDirectory).standardizedFileURL
            return isExecutable(url) ? url : nil
        }
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let url = URL(fileURLWithPath: String(folder), relativeTo: currentDirectory).appendingPathComponent(name).standardizedFileURL
                if isExecutable(url) { return url }
            }
        }
        return nil
    }

    package static func isExecutable(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: url.path)
    }

    /// Builds `options.content` (every check) into a temporary folder below `scratchParent`
    /// and, when nothing failed, prints the cards to `pdf`.
    /// - Throws: `EnvironmentError` when the folder cannot be made, the templates have no
    ///   print sheet, Chromium fails, or the PDF cannot be written; `CardsContentError` when the
    ///   content has no cards, or a card does not fit on one page.
    public static func make(_ options: Options, pdf: URL, paper: CardPaper, chromium: URL, environment: [String: String],
                            scratchParent: URL) throws -> CardsPDFOutcome {
        let fm = FileManager.default
        let token = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let scratch = scratchParent.appendingPathComponent("groundwork-cards-" + token)
        do {
            try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            throw EnvironmentError("cannot make a temporary folder in '\(scratchParent.path)': \(error.localizedDescription)")
        }
        defer { try? fm.removeItem(at: scratch) }

        var build = options
        build.output = scratch.appendingPathComponent("site")
        let report = try Groundwork.build(build)
        var outcome = CardsPDFOutcome(report: report)
        guard report.wrote else { return outcome }

        guard let sheet = printSheet(in: build.output) else {
            if !fm.fileExists(atPath: options.templates.appendingPathComponent("cards-print.mustache").path) {
                throw EnvironmentError("\(options.templates.appendingPathComponent("cards-print.mustache").path): missing template 'cards-print' (the cards print sheet)")
            }
            throw CardsContentError("no battle cards to print: '\(options.contentDisplay)/\(SiteRenderer.cardsFolder)/' has no cards")
        }
        outcome.cards = sheet.cards

        let printed = scratch.appendingPathComponent("cards.pdf")
        try render(sheet: sheet.url, paper: paper, to: printed, chromium: chromium, scratch: scratch, environment: environment)
        let data: Data
        do {
            data = try Data(contentsOf: printed)
        } catch {
            throw EnvironmentError("Chromium wrote no PDF: \(error.localizedDescription)")
        }
        outcome.pages = pageCount(pdf: data)
        if let pages = outcome.pages, pages != sheet.cards {
            throw CardsContentError("the cards came out as \(pages) pages for \(sheet.cards) card\(sheet.cards == 1 ? "" : "s") on \(paper.displayName): "
                + "a card does not fit on one page; shorten the longest card, or lower cards.max_words")
        }
        do {
            try data.write(to: pdf)
        } catch {
            throw EnvironmentError("cannot write '\(pdf.path)': \(error.localizedDescription)")
        }
        outcome.written = true
        return outcome
    }

    /// The print sheet of a built site (`cards/print/index.html`, or `cards/print-sheet/`,
    /// `cards/print-sheet-2/`, ... when pages took those URLs: `SiteRenderer.cardsPrintURL`)
    /// and how many cards it holds.
    public static func printSheet(in site: URL) -> (url: URL, cards: Int)? {
        var folders = ["cards/print", "cards/print-sheet"]
        var n = 2
        while FileManager.default.fileExists(atPath: site.appendingPathComponent("cards/print-sheet-\(n)").path) {
            folders.append("cards/print-sheet-\(n)")
            n += 1
        }
        for folder in folders {
            let url = site.appendingPathComponent(folder).appendingPathComponent("index.html")
            guard let data = FileManager.default.contents(atPath: url.path), let html = String(data: data, encoding: .utf8),
                  let marker = html.range(of: "<meta name=\"groundwork-cards\" content=\"") else { continue }
            let digits = html[marker.upperBound...].prefix { $0.isNumber }
            guard let cards = Int(digits), cards > 0 else { continue }
            return (url, cards)
        }
        return nil
    }

    /// Prints `sheet` to `pdf` with headless Chromium on `paper` (the sheet reads `?paper=`).
    public static func render(sheet: URL, paper: CardPaper, to pdf: URL, chromium: URL, scratch: URL,
                              environment: [String: String]) throws {
        let fm = FileManager.default
        let home = scratch.appendingPathComponent("chromium-home")
        // Chromium puts a Unix socket in its TMPDIR (`org.chromium.Chromium.XXXXXX/SingletonSocket`,
        // 46 characters more), and socket paths are limited to 107 bytes: when the scratch folder
        // is too deep, Chromium's temporary files go to a short folder in /tmp, removed afterwards.
        var temporary = scratch.appendingPathComponent("tmp")
        if temporary.path.utf8.count > 60 {
            temporary = URL(fileURLWithPath: "/tmp/gw-cards-" + String(UInt32.random(in: 0...UInt32.max), radix: 16))
        }
        defer { if !temporary.path.hasPrefix(scratch.path + "/") { try? fm.removeItem(at: temporary) } }
        for folder in [home, temporary] { try? fm.createDirectory(at: folder, withIntermediateDirectories: true) }
        var childEnvironment = environment
        childEnvironment["HOME"] = home.path
        childEnvironment["XDG_CONFIG_HOME"] = home.appendingPathComponent(".config").path
        childEnvironment["XDG_CACHE_HOME"] = home.appendingPathComponent(".cache").path
        childEnvironment["TMPDIR"] = temporary.path

        var components = URLComponents(url: sheet, resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "paper", value: paper.rawValue)]
        let process = Process()
        process.executableURL = chromium
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
            "--user-data-dir=" + home.appendingPathComponent("profile").path,
            "--no-pdf-header-footer", "--print-to-pdf=" + pdf.path,
            components.url!.absoluteString,
        ]
        process.environment = childEnvironment
        process.currentDirectoryURL = scratch
        let log = scratch.appendingPathComponent("chromium.log")
        _ = fm.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw EnvironmentError("cannot run Chromium at '\(chromium.path)': \(error.localizedDescription); \(installHint)")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw EnvironmentError("Chromium did not finish printing within \(Int(timeout)) seconds")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        // Returns at once (Chromium has exited). On Linux it is also what lets go of the
        // run-loop source through which a started Process holds itself: polled with
        // `isRunning` alone, every Process, and everything it refers to, was never freed.
        process.waitUntilExit()
        let succeeded = process.terminationStatus == 0 && fm.fileExists(atPath: pdf.path)
        guard succeeded else {
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            // Chromium's dbus complaints are noise; keep the lines that may say what went wrong.
            var lines = output.split(separator: "\n").filter { !$0.contains("dbus") }.suffix(8)
            if lines.isEmpty { lines = output.split(separator: "\n").suffix(4) }
            throw EnvironmentError("Chromium ('\(chromium.path)') did not print the cards (exit status \(process.terminationStatus))"
                + (lines.isEmpty ? "" : ":\n  " + lines.joined(separator: "\n  ")))
        }
    }

    /// The number of pages of a PDF, read from its page objects (`/Type /Page`), or nil when
    /// they are not visible (compressed object streams). Chromium writes them in the clear.
    public static func pageCount(pdf data: Data) -> Int? {
        let needle = Array("/Type /Page".utf8)
        let bytes = [UInt8](data)
        guard bytes.count >= needle.count else { return nil }
        var count = 0
        var i = 0
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) {
                let next = i + needle.count < bytes.count ? bytes[i + needle.count] : 0
                // `/Type /Pages` is the page tree, not a page.
                if !(next >= 0x41 && next <= 0x5A || next >= 0x61 && next <= 0x7A) { count += 1 }
                i += needle.count
            } else {
                i += 1
            }
        }
        return count > 0 ? count : nil
    }
}

/// A content problem found while printing cards (exit status 1): no cards, or a card that
/// does not fit on one page.
public struct CardsContentError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
