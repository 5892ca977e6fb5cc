/// A 32-bit number as four bytes, most significant first: how PNG chunks and MP4 boxes
/// write lengths.
public func bigEndianBytes(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
}
