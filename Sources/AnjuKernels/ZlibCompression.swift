import CZlib

/// zlib's `compress2`: the share card's PNG data (level 9) and the search index's shards (level 1)
/// (which the browser inflates itself, since static hosts do not compress binary files).
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

/// One zlib stream kept for many small inputs: `compress2` sets up and frees a quarter of a
/// megabyte of state per call, which for a site's thousand shards was most of their cost.
/// Its output is `compress2`'s at the same level.
public final class Deflater {
    private var stream = z_stream()
    private let ready: Bool

    public init(level: Int32) {
        ready = deflateInit_(&stream, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    deinit { if ready { deflateEnd(&stream) } }

    public func compressed(_ bytes: [UInt8]) -> [UInt8]? {
        guard ready, deflateReset(&stream) == Z_OK else { return nil }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))))
        var input = bytes
        let status = input.withUnsafeMutableBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o in
                stream.next_in = i.baseAddress
                stream.avail_in = uInt(i.count)
                stream.next_out = o.baseAddress
                stream.avail_out = uInt(o.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        return Array(out.prefix(Int(stream.total_out)))
    }
}
