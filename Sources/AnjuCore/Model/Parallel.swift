import Dispatch
import Foundation

/// Work spread over the machine's cores, or over one when `ANJU_THREADS=1`: the test that
/// the parallel build's output equals a one-thread build's sets it.
public enum Parallel {
    public static let threads: Int = {
        if let text = ProcessInfo.processInfo.environment["ANJU_THREADS"], let n = Int(text), n >= 1 { return n }
        return ProcessInfo.processInfo.activeProcessorCount
    }()

    /// Calls `body(i)` for every i in 0..<count, on every core unless limited to one.
    public static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if threads == 1 || count < 2 {
            for i in 0..<count { body(i) }
        } else {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        }
    }

    /// Calls `body(i)` for every i in 0..<count on the calling thread alone until `gate`
    /// opens, then on every core; returns when all are done, whether or not the gate has
    /// opened (the other threads wait at the gate until it does, so it must open some time).
    /// Work that can wait (pages) leaves the cores to work that others wait on (the search
    /// index) and fills the gaps that work leaves when it runs on one core.
    public static func forEach(_ count: Int, wideningWhen gate: Gate, _ body: @escaping @Sendable (Int) -> Void) {
        if threads == 1 || count < 2 {
            for i in 0..<count { body(i) }
            return
        }
        let items = SharedItems(count: count)
        for _ in 1..<threads {
            // A thread the gate lets through after the last item finds nothing left.
            Thread.detachNewThread {
                gate.wait()
                items.drain(body)
            }
        }
        items.drain(body)
        items.waitUntilAllDone()
    }

    /// Items 0..<count handed out one at a time to any number of threads.
    private final class SharedItems: @unchecked Sendable {
        private let count: Int
        private var next = 0, done = 0
        private let condition = NSCondition()

        init(count: Int) { self.count = count }

        func drain(_ body: (Int) -> Void) {
            while true {
                condition.lock()
                let i = next
                next += 1
                condition.unlock()
                guard i < count else { return }
                body(i)
                condition.lock()
                done += 1
                if done == count { condition.broadcast() }
                condition.unlock()
            }
        }

        func waitUntilAllDone() {
            condition.lock()
            while done < count { condition.wait() }
            condition.unlock()
        }
    }

    /// Closed until `open()`, then open for good; `wait()` blocks while it is closed.
    public final class Gate: @unchecked Sendable {
        private var isOpen = false
        private let condition = NSCondition()

        public init() {}

        public func open() {
            condition.lock()
            isOpen = true
            condition.broadcast()
            condition.unlock()
        }

        public func wait() {
            condition.lock()
            while !isOpen { condition.wait() }
            condition.unlock()
        }
    }
}

/// Fixed slots that parallel workers fill, one each: order stays the input's order, so
/// the output does not depend on thread timing.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
