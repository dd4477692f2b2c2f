import CZDZlib

/// Compresses the raw webhook bodies the store keeps (raw deflate with ``WebhookBodyDictionary``, by
/// ``PresetDictionaryDeflater``) and gives them back byte for byte (zlib's inflate). It belongs to
/// the store's writer, which is one thread at a time, and is not Sendable.
final class WebhookBodyDeflater {
    private var encoder = PresetDictionaryDeflater(dictionary: WebhookBodyDictionary.bytes(version: WebhookBodyDictionary.current)!)
    private var output: [UInt8] = []

    /// The stored form of `body` (the dictionary's version, then the deflated bytes), or nil when
    /// compressing does not make it smaller (then the body is kept as it came).
    func deflated(_ body: [UInt8]) -> [UInt8]? {
        guard !body.isEmpty else { return nil }
        output.removeAll(keepingCapacity: true)
        output.append(WebhookBodyDictionary.current)
        encoder.deflate(body, into: &output)
        return output.count < body.count ? output : nil
    }

    /// The body a stored form was made from; nil when it is not one this build can read (an unknown
    /// dictionary, damaged bytes).
    static func inflated(_ stored: [UInt8]) -> [UInt8]? {
        guard let version = stored.first, let dictionary = WebhookBodyDictionary.bytes(version: version) else { return nil }
        return inflateRaw(stored[1...], dictionary: dictionary)
    }

    /// Raw inflate of `deflated` against `dictionary` (zlib's); nil unless it is one whole stream.
    static func inflateRaw(_ deflated: ArraySlice<UInt8>, dictionary: [UInt8]) -> [UInt8]? {
        // zlib keeps a pointer back to its stream: it must not move while in use.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard zd_inflate_init_raw(stream) == Z_OK else { return nil }
        defer { inflateEnd(stream) }
        guard dictionary.withUnsafeBufferPointer({ inflateSetDictionary(stream, $0.baseAddress, uInt($0.count)) }) == Z_OK else { return nil }
        var body: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        var status = Z_OK
        deflated.withUnsafeBufferPointer { input in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.pointee.avail_in = uInt(input.count)
            while status == Z_OK {
                chunk.withUnsafeMutableBufferPointer { out in
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = uInt(out.count)
                    status = inflate(stream, Z_NO_FLUSH)
                    body += out[0..<(out.count - Int(stream.pointee.avail_out))]
                }
            }
        }
        return status == Z_STREAM_END && stream.pointee.avail_in == 0 ? body : nil
    }
}
