import FlyingFox
import Foundation
import GroundworkCore

/// Answers every request of the preview: the site's files, folder index pages, redirects from
/// `/dir` to `/dir/`, the site's 404 page, and the preview's own script, status and events.
struct PreviewHandler: HTTPHandler {
    let owner: PreviewServer

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let isHead = request.method == .HEAD
        guard request.method == .GET || isHead else {
            return HTTPResponse(statusCode: .methodNotAllowed, headers: [.init("Allow"): "GET, HEAD"],
                                body: Data("method not allowed\n".utf8))
        }
        let path: String
        switch RequestPath.normalize(request.target.path()) {
        case .invalid(let reason):
            return plain(.badRequest, "bad request: \(reason)\n", head: isHead)
        case .path(let normalized):
            path = normalized
        }

        switch path {
        case LiveScript.eventsPath:
            var headers = HTTPHeaders()
            headers[.contentType] = "text/event-stream; charset=utf-8"
            headers[.cacheControl] = "no-store"
            headers[.init("X-Accel-Buffering")] = "no"
            if isHead { return HTTPResponse(statusCode: .ok, headers: headers) }
            return HTTPResponse(statusCode: .ok, headers: headers, body: HTTPBodySequence(from: EventBody(stream: owner.subscribe())))
        case LiveScript.scriptPath:
            return respond(.ok, Data(LiveScript.source.utf8), type: "text/javascript; charset=utf-8", head: isHead)
        case LiveScript.statusPath:
            return respond(.ok, Data(owner.statusJSON().utf8), type: "application/json", head: isHead)
        default:
            break
        }
        if path.hasPrefix("__groundwork") { return plain(.notFound, "not found\n", head: isHead) }

        guard let site = owner.currentSite() else {
            // No good build yet: a page that shows the errors and reloads when they are fixed.
            let html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Build errors · Groundwork</title></head>"
                + "<body><p>The site has not built yet: it has errors. They are listed over this page and in the terminal.</p>"
                + "</body></html>"
            return respond(.serviceUnavailable, LiveScript.inject(into: Data(html.utf8), generation: 0),
                           type: ContentType.forPath("x.html"), head: isHead)
        }

        do {
            return try lookUp(path, in: site, query: request.target.query(), head: isHead)
        } catch {
            return plain(.internalServerError, "cannot render /\(path): \(error)\n", head: isHead)
        }
    }

    private func lookUp(_ path: String, in site: LiveSite, query: String, head isHead: Bool) throws -> HTTPResponse {
        let file = path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path
        if try site.contains(file) {
            return try serve(site, file, status: .ok, head: isHead)
        }
        if !path.isEmpty, !path.hasSuffix("/"), try site.contains(path + "/index.html") {
            // A folder asked for without its slash: relative links inside need the slash.
            var location = "/" + URLPaths.percentEncode(path) + "/"
            if !query.isEmpty { location += "?" + query }
            var headers = HTTPHeaders()
            headers[.location] = location
            headers[.contentType] = "text/plain; charset=utf-8"
            return HTTPResponse(statusCode: .movedPermanently, headers: headers,
                                body: isHead ? Data() : Data("moved to \(location)\n".utf8))
        }
        if try site.contains("404.html") {
            return try serve(site, "404.html", status: .notFound, head: isHead)
        }
        return plain(.notFound, "not found\n", head: isHead)
    }

    private func serve(_ site: LiveSite, _ path: String, status: HTTPStatusCode, head: Bool) throws -> HTTPResponse {
        let type = ContentType.forPath(path)
        let file: LiveSite.File?
        do {
            file = try site.file(at: path)
        } catch {
            return plain(.internalServerError, "cannot render \(path): \(error)\n", head: head)
        }
        switch file {
        case .data(let data)?:
            let body = type.hasPrefix("text/html") ? LiveScript.inject(into: data, generation: site.generation) : data
            return respond(status, body, type: type, head: head)
        case .file(let url)?:
            guard let data = FileManager.default.contents(atPath: url.path) else {
                return plain(.notFound, "not found\n", head: head)
            }
            let body = type.hasPrefix("text/html") ? LiveScript.inject(into: data, generation: site.generation) : data
            return respond(status, body, type: type, head: head)
        case nil:
            return plain(.notFound, "not found\n", head: head)
        }
    }

    private func respond(_ status: HTTPStatusCode, _ body: Data, type: String, head: Bool) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers[.contentType] = type
        // The preview changes as writers type: never let the browser reuse a response.
        headers[.cacheControl] = "no-store"
        headers[.init("X-Content-Type-Options")] = "nosniff"
        if head {
            headers[.contentLength] = String(body.count)
            return HTTPResponse(statusCode: status, headers: headers)
        }
        return HTTPResponse(statusCode: status, headers: headers, body: body)
    }

    private func plain(_ status: HTTPStatusCode, _ text: String, head: Bool) -> HTTPResponse {
        respond(status, Data(text.utf8), type: "text/plain; charset=utf-8", head: head)
    }
}
