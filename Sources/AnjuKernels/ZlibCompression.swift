import CDeflate
import CZlib

/// zlib's `compress2` (the share card's PNG data) and `uncompress` (what tests read the
/// search shards back with).
public enum ZlibCompression {
    public static func compressed(_ bytes: [UInt8], level: Int32 = 9) -> [UInt8]? {
        var length = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        let status = out.withUnsafeMutableBufferPointer { o in
            bytes.withUnsafeBufferPointer { i in compress2(o.baseAddress, &length, i.baseAddress, uLong(i.count), level) }
        }
        guard status == Z_OK else { return nil }
        return Array(out.prefix(Int(length)))
    }

    /// What `compressed` made, given back (the tests read shards with it); nil when the data
    /// is not zlib or inflates beyond `limit` bytes.
    public static func decompressed(_ bytes: [UInt8], limit: Int = 64 << 20) -> [UInt8]? {
        var size = max(1024, bytes.count * 8)
        while size <= limit {
            var length = uLong(size)
            var out = [UInt8](repeating: 0, count: size)
            let status = out.withUnsafeMutableBufferPointer { o in
                bytes.withUnsafeBufferPointer { i in uncompress(o.baseAddress, &length, i.baseAddress, uLong(i.count)) }
            }
            if status == Z_OK { return Array(out.prefix(Int(length))) }
            guard status == Z_BUF_ERROR else { return nil }
            size *= 2
        }
        return nil
    }
}

/// libdeflate's compressor kept for many small inputs, writing the zlib format (RFC 1950)
/// that `ZlibCompression.decompressed` and the browser read: for the search shards, where
/// zlib's `deflate` took three times as long for no smaller output.
public final class Deflater {
    private let compressor: OpaquePointer?

    public init(level: Int32) {
        compressor = libdeflate_alloc_compressor(level)
    }

    deinit { libdeflate_free_compressor(compressor) }

    public func compressed(_ bytes: [UInt8]) -> [UInt8]? {
        guard let compressor else { return nil }
        var out = [UInt8](repeating: 0, count: libdeflate_zlib_compress_bound(compressor, bytes.count))
        let length = out.withUnsafeMutableBufferPointer { o in
            bytes.withUnsafeBufferPointer { i in libdeflate_zlib_compress(compressor, i.baseAddress, i.count, o.baseAddress, o.count) }
        }
        guard length > 0 else { return nil }
        out.removeLast(out.count - length)
        return out
    }
}
