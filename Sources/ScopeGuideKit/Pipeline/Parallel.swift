import Dispatch
import Foundation

/// Independent work spread over every core: connectors load and render side by side.
enum Parallel {
    /// `transform` applied to each item at once, the results in the items' order.
    static func map<T: Sendable, U: Sendable>(_ items: [T], _ transform: @Sendable (T) -> U) -> [U] {
        let results = Slots<U>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in results[i] = transform(items[i]) }
        return results.values
    }
}

/// Results written by index from concurrent work, each slot by one worker.
private final class Slots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [T?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    subscript(i: Int) -> T? {
        get { lock.withLock { storage[i] } }
        set { lock.withLock { storage[i] = newValue } }
    }

    /// Every slot, once all are written.
    var values: [T] { lock.withLock { storage.map { $0! } } }
}
