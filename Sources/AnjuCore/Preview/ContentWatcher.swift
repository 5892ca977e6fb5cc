import AnjuKernels
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Calls `onChange` when anything under the watched folders changes, a few milliseconds
/// after the last event of a burst (an editor's save is often several writes).
/// Linux inotify: no polling of ten thousand files.
public final class ContentWatcher: @unchecked Sendable {
    private let fd: Int32
    private var watches: [Int32: String] = [:]
    private let quiet: DispatchTimeInterval
    private let queue = DispatchQueue(label: "anju.watcher")
    /// Rebuilds run here, one at a time: a save arriving during a rebuild waits for it.
    private let delivery = DispatchQueue(label: "anju.watcher.delivery")
    private var pending: DispatchWorkItem?
    private var changed: Set<String> = []
    private var structural = false
    /// Files written and not yet closed: a save written in pieces is read once it is whole,
    /// not half way (which showed a false "front matter is not closed"); for at most
    /// `longestWait`, in case something keeps a file open.
    private var writing: Set<String> = []
    private var waitingSince: DispatchTime?
    private static let longestWait = 1.0
    private let onChange: @Sendable (Change) -> Void

    /// What happened since the last call: the files written, and whether any file or folder
    /// came, went or moved (then the whole tree is walked again).
    public struct Change: Sendable {
        public var paths: Set<String>
        public var structural: Bool
    }

    public init?(folders: [String], quiet: DispatchTimeInterval = .milliseconds(10), onChange: @escaping @Sendable (Change) -> Void) {
        fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        self.quiet = quiet
        self.onChange = onChange
        for folder in folders { addTree(folder) }
        Thread.detachNewThread { [self] in self.readLoop() }
    }

    private func addTree(_ path: String) {
        let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF)
        let wd = inotify_add_watch(fd, path, mask)
        guard wd >= 0 else { return }
        queue.sync { watches[wd] = path }
        for entry in DiskFileSystem().entries(of: path) ?? [] where entry.isDirectory && !entry.name.hasPrefix(".") {
            addTree(path + "/" + entry.name)
        }
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while let events = InotifyEvents.next(fd, buffer: &buffer) {
            var newFolders: [String] = []
            var paths: [String] = []
            var opened: Set<String> = [], closed: Set<String> = []
            var cameOrWent = false
            for event in events {
                let (mask, name) = (event.mask, event.name)
                let parent = queue.sync(execute: { watches[event.watch] })
                if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, let parent {
                    newFolders.append(parent + "/" + name)
                }
                // A lost event (queue overflow) could hide anything: walk the tree again.
                if mask & UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_Q_OVERFLOW) != 0 {
                    cameOrWent = true
                }
                if let parent, !name.isEmpty {
                    let path = parent + "/" + name
                    paths.append(path)
                    if mask & UInt32(IN_ISDIR) == 0 {
                        if mask & UInt32(IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO) != 0 {
                            opened.remove(path); closed.insert(path)
                        } else if mask & UInt32(IN_MODIFY | IN_CREATE) != 0 {
                            opened.insert(path); closed.remove(path)
                        }
                    }
                }
            }
            newFolders.forEach(addTree)
            queue.sync {
                changed.formUnion(paths)
                structural = structural || cameOrWent
                writing.formUnion(opened)
                writing.subtract(closed)
            }
            schedule()
        }
    }

    private func schedule() {
        queue.async { [self] in
            pending?.cancel()
            let work = DispatchWorkItem { [self] in
                let change = queue.sync { () -> Change? in
                    if !writing.isEmpty {
                        let since = waitingSince ?? .now()
                        waitingSince = since
                        if Double(DispatchTime.now().uptimeNanoseconds - since.uptimeNanoseconds) / 1e9 < Self.longestWait {
                            return nil
                        }
                        writing = []
                    }
                    waitingSince = nil
                    defer { changed = []; structural = false }
                    return Change(paths: changed, structural: structural)
                }
                if let change { onChange(change) } else { schedule() }
            }
            pending = work
            delivery.asyncAfter(deadline: .now() + quiet, execute: work)
        }
    }
}
