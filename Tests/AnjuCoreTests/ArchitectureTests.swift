import Foundation
import Testing

/// What docs/architecture.md promises of the code's layout.
@Suite struct ArchitectureTests {
    @Test func theStageFoldersHoldNoPointerCode() throws {
        let core = repositoryRoot + "/Sources/AnjuCore"
        let files = try FileManager.default.subpathsOfDirectory(atPath: core).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50)
        // Pointers, what is read through them, and the C helpers of CAnjuSystem.
        let markers = ["Unsafe", ".pointee", "baseAddress", "withMemoryRebound", "anju_"]
        var offenders: [String] = []
        for file in files {
            let text = try String(contentsOfFile: core + "/" + file, encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where markers.contains(where: line.contains) && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                offenders.append("\(file):\(n + 1)")
            }
        }
        #expect(offenders.isEmpty, "byte- and pointer-level code belongs in Sources/AnjuKernels: \(offenders)")
    }
}
