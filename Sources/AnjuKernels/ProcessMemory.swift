import CAnjuSystem

/// The allocator's settings for building many large sites in one process (glibc's
/// mallopt and malloc_trim, in CAnjuSystem).
public enum ProcessMemory {
    /// Large blocks mapped on their own and returned when freed, so one site's postings do
    /// not raise the next site's peak. Once, before any thread starts.
    public static func tuneAllocator() { anju_tune_allocator() }

    /// Gives freed memory back to the system: between sites whose index was built.
    public static func releaseFreeMemory() { anju_release_free_memory() }
}
