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
}
