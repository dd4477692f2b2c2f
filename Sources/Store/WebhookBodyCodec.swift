import CZDZlib

/// Compresses the raw webhook bodies the store keeps (raw deflate with ``WebhookBodyDictionary``) and
/// gives them back byte for byte. The compressor keeps its zlib state between bodies (a reset per
/// body instead of half a megabyte allocated and freed); it belongs to the store's writer, which is
/// one thread at a time, and is not Sendable.
final class WebhookBodyDeflater {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let dictionary = WebhookBodyDictionary.bytes(version: WebhookBodyDictionary.current)!
    private var output: [UInt8] = []
    private let ready: Bool

    init() {
        stream.initialize(to: z_stream())
        ready = zd_deflate_init_raw(stream, 6) == Z_OK
    }

    deinit {
        if ready { deflateEnd(stream) }
        stream.deallocate()
    }

    /// The stored form of `body` (the dictionary's version, then the deflated bytes), or nil when
    /// compressing does not make it smaller (then the body is kept as it came).
    func deflated(_ body: [UInt8]) -> [UInt8]? {
        guard ready, !body.isEmpty, deflateReset(stream) == Z_OK else { return nil }
        let dictionaryOK = dictionary.withUnsafeBufferPointer { deflateSetDictionary(stream, $0.baseAddress, uInt($0.count)) == Z_OK }
        guard dictionaryOK else { return nil }
        // Room for the worst case; a larger result is refused below anyway.
        let capacity = Int(deflateBound(stream, uLong(body.count))) + 1
        if output.count < capacity { output = [UInt8](repeating: 0, count: capacity) }
        let produced: Int? = body.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                out[0] = WebhookBodyDictionary.current
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.pointee.avail_in = uInt(input.count)
                stream.pointee.next_out = out.baseAddress! + 1
                stream.pointee.avail_out = uInt(out.count - 1)
                guard deflate(stream, Z_FINISH) == Z_STREAM_END else { return nil }
                return out.count - Int(stream.pointee.avail_out)
            }
        }
        guard let produced, produced < body.count else { return nil }
        return Array(output[0..<produced])
    }

    /// The body a stored form was made from; nil when it is not one this build can read (an unknown
    /// dictionary, damaged bytes).
    static func inflated(_ stored: [UInt8]) -> [UInt8]? {
        guard let version = stored.first, let dictionary = WebhookBodyDictionary.bytes(version: version) else { return nil }
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
        stored.withUnsafeBufferPointer { input in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + 1)
            stream.pointee.avail_in = uInt(input.count - 1)
            while status == Z_OK {
                chunk.withUnsafeMutableBufferPointer { out in
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = uInt(out.count)
                    status = inflate(stream, Z_NO_FLUSH)
                    body += out[0..<(out.count - Int(stream.pointee.avail_out))]
                }
            }
        }
        return status == Z_STREAM_END ? body : nil
    }
}
