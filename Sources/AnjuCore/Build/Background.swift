import Foundation

/// A value made on a thread of its own, or handed over by another thread (`send`), that
/// any thread may wait for: the one way the build runs work beside its stages. `finished`
/// opens once the value is there, for work that widens when it is (the pages once the
/// search index is written).
final class Background<Value>: @unchecked Sendable {
    private var result: Value?
    let finished = Parallel.Gate()

    /// Starts `work` on a thread of its own.
    init(_ work: @escaping @Sendable () -> Value) {
        Thread.detachNewThread { [self] in send(work()) }
    }

    /// A value another thread will `send`.
    init() {}

    /// Sets the value, once; the gate orders the write before every reader's read.
    func send(_ value: Value) {
        result = value
        finished.open()
    }

    /// Waits for the value.
    var value: Value {
        finished.wait()
        return result!
    }
}

extension Background where Value == Void {
    /// Work nobody waits for (reading a table ahead, freeing a finished site's objects).
    static func detach(_ work: @escaping @Sendable () -> Void) {
        _ = Background(work)
    }
}
