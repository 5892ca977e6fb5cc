import CAnjuPhoto

/// libvips through the small C layer in CAnjuPhoto, with value types on this side: what a
/// photo is (header only), and the photo shrunk, turned upright and saved with no metadata.
public enum PhotoCodec {
    public struct Header: Sendable, Equatable {
        /// Upright: a portrait photo stored on its side with an EXIF orientation of 6 is
        /// taller than wide here.
        public var width: Int
        public var height: Int
        public var hasAlpha: Bool
        public var hasGPS: Bool
        public var hasMetadata: Bool
        /// `jpeg`, `png`, `webp` or `heif`.
        public var format: String
    }

    public enum Encoding: Int32, Sendable {
        case webp = 0, jpeg = 1, png = 2

        public var fileExtension: String {
            switch self {
            case .webp: "webp"
            case .jpeg: "jpg"
            case .png: "png"
            }
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        /// What was being done with the photo when it failed.
        public enum Step: Sendable { case read, decode, resize, save }

        public var step: Step
        /// The bytes are in a format Anju does not take (no JPEG, PNG, WebP or HEIC), not a broken photo.
        public var refused: Bool
        /// libvips' own account, or Anju's when libvips gives none.
        public var description: String

        init(_ step: Step) {
            self.step = step
            refused = (step == .read || step == .decode) && anju_photo_last_refused() != 0
            description = String(cString: anju_photo_last_error())
        }
    }

    public static func header(of bytes: [UInt8]) throws(Failure) -> Header {
        var raw = anju_photo_header()
        let status = bytes.withUnsafeBytes { anju_photo_probe($0.baseAddress, $0.count, &raw) }
        guard status == 0 else { throw Failure(.read) }
        let sideways = (5...8).contains(raw.orientation)
        let format = withUnsafeBytes(of: raw.format) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return Header(width: Int(sideways ? raw.height : raw.width), height: Int(sideways ? raw.width : raw.height),
                      hasAlpha: raw.has_alpha != 0, hasGPS: raw.has_gps != 0, hasMetadata: raw.has_metadata != 0,
                      format: format)
    }

    /// The photo at one width, decoded once, ready to be saved in several encodings.
    public final class Shrunk {
        private let picture: OpaquePointer
        public let width: Int
        public let height: Int

        public convenience init(_ bytes: [UInt8], width: Int) throws(Failure) {
            guard let picture = bytes.withUnsafeBytes({ anju_photo_shrink($0.baseAddress, $0.count, Int32(width)) }) else {
                throw Failure(.decode)
            }
            self.init(picture)
        }

        private init(_ picture: OpaquePointer) {
            self.picture = picture
            self.width = Int(anju_photo_width(picture))
            self.height = Int(anju_photo_height(picture))
        }

        /// A narrower copy made from these pixels: the source is decoded once per photo.
        public func shrunk(to width: Int) throws(Failure) -> Shrunk {
            guard let smaller = anju_photo_shrink_picture(picture, Int32(width)) else {
                throw Failure(.resize)
            }
            return Shrunk(smaller)
        }

        deinit { anju_photo_release(picture) }

        public func encoded(_ encoding: Encoding, quality: Int) throws(Failure) -> [UInt8] {
            var out: UnsafeMutableRawPointer?
            var length = 0
            guard anju_photo_encode(picture, encoding.rawValue, Int32(quality), &out, &length) == 0, let out else {
                throw Failure(.save)
            }
            defer { anju_photo_free(out) }
            let bytes = Array(UnsafeRawBufferPointer(start: out, count: length))
            return encoding == .webp ? WebPMetadata.stripped(bytes) : bytes
        }
    }
}
