import Foundation
import Hummingbird

/// Answers every request: the live-reload endpoints, then files of the output folder only.
struct PreviewResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let files: ServedPath
    let hub: ReloadHub

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            var headers = Self.headers("text/plain; charset=utf-8")
            headers[.allow] = "GET, HEAD"
            return Response(status: .methodNotAllowed, headers: headers, body: Self.body("method not allowed\n"))
        }
        // The raw request target, not a normalised one: resolve() decides what it may reach.
        let target = request.head.path ?? "/"
        let path = String(target.prefix { $0 != "?" })
        switch path {
        case LiveReloadScript.eventsPath:
            return await events()
        case LiveReloadScript.path:
            return Response(status: .ok, headers: Self.headers("text/javascript; charset=utf-8"),
                            body: Self.body(LiveReloadScript.source))
        default:
            break
        }
        switch files.resolve(target) {
        case .file(let file):
            guard let data = FileManager.default.contents(atPath: file) else { return notFound() }
            return Self.file(data, path: file, status: .ok)
        case .redirect(let location):
            var headers = Self.headers("text/plain; charset=utf-8")
            headers[.location] = location
            return Response(status: .movedPermanently, headers: headers, body: Self.body("moved to \(location)\n"))
        case .notFound:
            return notFound()
        }
    }

    /// The site's own 404 page; before any good build, a stub that still carries the overlay.
    private func notFound() -> Response {
        if case .file(let page) = files.resolve("/404.html"), let data = FileManager.default.contents(atPath: page) {
            return Self.file(data, path: page, status: .notFound)
        }
        let stub = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>ScopeGuide preview</title></head>
            <body><h1>Not found</h1><p>No site has been built yet: the content has errors. Fix them and this page reloads.</p>
            </body></html>

            """
        return Self.file(Data(stub.utf8), path: "404.html", status: .notFound)
    }

    /// A `text/event-stream` that lasts until the page goes away or the server stops.
    private func events() async -> Response {
        let hub = self.hub
        let (id, events) = await hub.subscribe()
        var headers = Self.headers("text/event-stream; charset=utf-8")
        headers[.connection] = "keep-alive"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            do {
                for await chunk in events {
                    try await writer.write(ByteBuffer(string: chunk))
                }
                try await writer.finish(nil)
            } catch {
                await hub.unsubscribe(id)
                throw error
            }
            await hub.unsubscribe(id)
        })
    }

    private static func file(_ data: Data, path: String, status: HTTPResponse.Status) -> Response {
        let type = ContentTypes.forPath(path)
        if type.hasPrefix("text/html") {
            let page = LiveReloadScript.inject(into: String(decoding: data, as: UTF8.self))
            return Response(status: status, headers: headers(type), body: body(page))
        }
        return Response(status: status, headers: headers(type), body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func headers(_ contentType: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"  // a preview must never be served stale
        return headers
    }

    private static func body(_ text: String) -> ResponseBody {
        ResponseBody(byteBuffer: ByteBuffer(string: text))
    }
}
