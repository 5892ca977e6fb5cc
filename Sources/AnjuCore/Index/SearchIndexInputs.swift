import AnjuKernels
import Foundation

/// Everything a site's search index is made from, as one digest: its entries, the synonyms,
/// the pinyin table and the program that builds it. The index is a function of these alone,
/// so a build whose digest matches what an output folder's manifest recorded keeps that
/// folder's index files instead of building them again (a daily rebuild, a template edit).
enum SearchIndexInputs {
    /// nil when the program cannot say which build of itself is running: then nothing is kept.
    static func digest(_ entries: [SearchEntry], synonyms: [[String]], pinyin: PinyinTable?) -> ContentDigest? {
        guard let program = programIdentity else { return nil }
        var all: [UInt8] = Array("anju search index inputs, version \(SearchIndexBuilder.version)\n".utf8)
        put(program, into: &all)
        if let pinyin { put([pinyin.digest.high, pinyin.digest.low], into: &all) } else { put([0, 0], into: &all) }
        var text: [UInt8] = []
        put(UInt64(synonyms.count), into: &text)
        for group in synonyms { put(group, into: &text) }
        put(ContentDigest(text), into: &all)
        put(UInt64(entries.count), into: &all)
        // An entry's fields are digested on their own, then the digests together: one buffer
        // of a large site's text would be tens of megabytes more at the index's peak.
        for entry in entries {
            text.removeAll(keepingCapacity: true)
            put(entry.url, into: &text)
            put(entry.title, into: &text)
            put(entry.headings, into: &text)
            put(entry.body, into: &text)
            put(entry.keys, into: &text)
            put(entry.section.rawValue, into: &text)
            for optional in [entry.category, entry.date, entry.parent, entry.building, entry.shownBody] {
                if let optional {
                    text.append(1)
                    put(optional, into: &text)
                } else {
                    text.append(0)
                }
            }
            put(ContentDigest(text), into: &all)
        }
        return ContentDigest(all)
    }

    /// The running executable's device, inode, size and modification time: a rebuilt Anju
    /// is another file, so an index one version wrote is never taken for another's.
    static let programIdentity: [UInt64]? = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino), UInt64(info.st_size),
                UInt64(bitPattern: Int64(info.st_mtim.tv_sec)), UInt64(info.st_mtim.tv_nsec)]
    }()

    private static func put(_ value: UInt64, into out: inout [UInt8]) {
        for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(k)))) }
    }

    private static func put(_ values: [UInt64], into out: inout [UInt8]) {
        for value in values { put(value, into: &out) }
    }

    private static func put(_ digest: ContentDigest, into out: inout [UInt8]) {
        put([digest.high, digest.low], into: &out)
    }

    /// Length first, so that no two lists of strings run together alike.
    private static func put(_ string: String, into out: inout [UInt8]) {
        put(UInt64(string.utf8.count), into: &out)
        out.append(contentsOf: string.utf8)
    }

    private static func put(_ strings: [String], into out: inout [UInt8]) {
        put(UInt64(strings.count), into: &out)
        for string in strings { put(string, into: &out) }
    }
}
