import Foundation
import ScopeGuideKit

/// The server-sent events behind live reload. Every open page holds one stream; a rebuild
/// sends `reload`, a failed one sends `error` with the diagnostics as JSON. A page that
/// connects while the content is broken gets the `error` at once, so the overlay survives
/// reloads until the content is fixed.
actor ReloadHub {
    private var subscribers: [Int: AsyncStream<String>.Continuation] = [:]
    private var nextID = 0
    /// Counts successful builds; a page that reconnects to a newer one reloads.
    private var generation = 0
    private var currentError: String?
    private var closed = false

    func subscribe() -> (id: Int, events: AsyncStream<String>) {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(32))
        guard !closed else {
            continuation.finish()
            return (-1, stream)
        }
        nextID += 1
        subscribers[nextID] = continuation
        continuation.yield("retry: 1000\n\n" + Self.event("ready", String(generation)))
        if let currentError { continuation.yield(Self.event("error", currentError)) }
        return (nextID, stream)
    }

    func unsubscribe(_ id: Int) {
        subscribers.removeValue(forKey: id)?.finish()
    }

    /// A good build: pages reload when their bytes changed, or to clear an error overlay.
    func built(changedOutput: Bool) {
        guard changedOutput || currentError != nil else { return }
        generation += 1
        currentError = nil
        send(Self.event("reload", String(generation)))
    }

    func failed(_ failure: Diagnostics) {
        let json = Self.json(failure)
        currentError = json
        send(Self.event("error", json))
    }

    /// A comment line: finds streams whose page has gone away.
    func ping() { send(": ping\n\n") }

    /// Ends every stream so that a graceful shutdown need not wait for open pages.
    func close() {
        closed = true
        for continuation in subscribers.values { continuation.finish() }
        subscribers = [:]
    }

    var subscriberCount: Int { subscribers.count }

    private func send(_ text: String) {
        for continuation in subscribers.values { continuation.yield(text) }
    }

    static func event(_ name: String, _ data: String) -> String {
        // `data` is one line: JSON without pretty printing, or a number.
        "event: \(name)\ndata: \(data)\n\n"
    }

    struct Payload: Encodable {
        struct Entry: Encodable {
            let path: String; let line: Int; let column: Int; let severity: String; let message: String; let text: String
        }
        let errors: [Entry]
    }

    static func json(_ failure: Diagnostics) -> String {
        let payload = Payload(errors: failure.diagnostics.map {
            .init(path: $0.location.path, line: $0.location.line, column: $0.location.column,
                  severity: $0.severity.rawValue, message: $0.message, text: $0.description)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(payload)) ?? Data("{\"errors\":[]}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
