import Dispatch

/// Wall-clock time per pipeline stage, summed over sites: `anju build --timings` prints
/// them, so an optimisation starts from a measurement. The search index is built while
/// pages render, so "index" and "render" overlap.
public struct StageTimings: Sendable {
    public private(set) var seconds: [(stage: String, seconds: Double)] = []

    public init() {}

    public mutating func measure<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { add(stage, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        return try body()
    }

    /// Time measured elsewhere, as of a stage that ran beside others (the search index).
    public mutating func add(_ stage: String, seconds elapsed: Double) {
        if let i = seconds.firstIndex(where: { $0.stage == stage }) {
            seconds[i].seconds += elapsed
        } else {
            seconds.append((stage, elapsed))
        }
    }

    /// Another set's times, stage by stage.
    public mutating func add(_ other: StageTimings) {
        for (stage, elapsed) in other.seconds { add(stage, seconds: elapsed) }
    }

    public var description: String {
        seconds.map { "\($0.stage) \(Self.milliseconds($0.seconds)) ms" }.joined(separator: ", ")
    }

    /// The same, in both languages: 读取 51 毫秒，解析 107 毫秒…
    public var wording: Wording {
        Wording(description, zh: seconds.map { "\(Self.chineseNames[$0.stage] ?? $0.stage) \(Self.milliseconds($0.seconds)) 毫秒" }
            .joined(separator: "，"))
    }

    /// The stages as an editor reads them in Chinese.
    static let chineseNames = ["load": "读取", "parse": "解析", "plan": "编排", "photos": "照片", "write": "写入",
                               "index": "搜索索引", "render": "生成页面", "swap": "替换"]

    private static func milliseconds(_ seconds: Double) -> String { String(Int((seconds * 1000).rounded())) }
}
