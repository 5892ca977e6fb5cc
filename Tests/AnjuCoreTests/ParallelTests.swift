import Foundation
import Testing
@testable import AnjuCore

/// Pages render on the calling thread while the search index is built, on every core after.
@Suite struct ParallelTests {
    /// Which thread ran each item, and how many times each ran.
    final class Record: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var threads: [Int: pthread_t] = [:]
        private(set) var calls: [Int: Int] = [:]
        func note(_ i: Int) {
            lock.withLock {
                threads[i] = pthread_self()
                calls[i, default: 0] += 1
            }
        }
        func ranOnCaller(_ i: Int) -> Bool { pthread_equal(threads[i]!, pthread_self()) != 0 }
        func anyRanOff(_ caller: pthread_t) -> Bool { lock.withLock { threads.values.contains { pthread_equal($0, caller) == 0 } } }
    }

    @Test func aClosedGateKeepsEveryItemOnTheCallingThreadAndDoesNotHang() {
        let record = Record()
        Parallel.forEach(200, wideningWhen: Parallel.Gate()) { record.note($0) }
        #expect(record.calls.count == 200 && record.calls.values.allSatisfy { $0 == 1 })
        #expect((0..<200).allSatisfy(record.ranOnCaller))
    }

    @Test func anOpenedGateLetsOtherThreadsTakeTheRestEachItemOnce() {
        let gate = Parallel.Gate()
        let record = Record()
        let caller = pthread_self()
        Parallel.forEach(2_000, wideningWhen: gate) { i in
            if i == 10 { gate.open() }
            // Long enough for the other threads to start once the gate is open; on a busy
            // machine one may start late, so the caller waits for it (seconds at most): the
            // point is that another thread takes items at all, not how soon.
            if i == 11, Parallel.threads > 1, pthread_equal(pthread_self(), caller) != 0 {
                var waited = 0
                while !record.anyRanOff(caller), waited < 5_000 { usleep(1_000); waited += 1 }
            }
            if i > 10 { usleep(50) }
            record.note(i)
        }
        #expect(record.calls.count == 2_000 && record.calls.values.allSatisfy { $0 == 1 })
        #expect((0...10).allSatisfy(record.ranOnCaller))
        if Parallel.threads > 1 {
            #expect(!(0..<2_000).allSatisfy(record.ranOnCaller))
        }
    }
}
