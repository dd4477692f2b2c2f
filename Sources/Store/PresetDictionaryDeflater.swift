/// Raw deflate (RFC 1951) of small bodies against a fixed preset dictionary, in one block of the
/// fixed Huffman codes: what zlib's `inflateSetDictionary` + `inflate` read back, at a fraction of
/// zlib's cost for a 500-byte body.
///
/// zlib spends ~6 µs on each such body, nearly all of it fixed: clearing its hash table, hashing
/// the whole dictionary into it again, lazy matching, and weighing a dynamic block that a body this
/// small never pays for. Here the dictionary's index is built once; each body is matched greedily
/// against it and against itself (the nearest of a few candidates of the longest length), and written
/// with the fixed codes. For Zoom's bodies the result is ~8 % larger than zlib's at level 6, and the
/// store's whole commit path went from 31 to 26 µs an event (`zoomdash-bench commit`).
struct PresetDictionaryDeflater {
    private static let minMatch = 4
    private static let maxMatch = 258
    private static let window = 32_768
    /// Candidates tried per position, in each of the dictionary and the body, and the length that
    /// ends the search (zlib's `max_chain` and `nice_length` of its fast levels).
    private static let chainLimit = 4
    private static let niceLength = 32
    private static let hashBits = 12

    private let dictionary: [UInt8]
    /// Per hash of 4 bytes, the last dictionary position holding them (-1: none), and per position
    /// the previous one with the same hash.
    private let dictionaryHead: [Int32]
    private let dictionaryPrevious: [Int32]
    // The body's own chains, reused: `bodyStamp` tells this body's entries from a previous one's.
    private var bodyHead: [Int32]
    private var bodyStamp: [UInt32]
    private var bodyPrevious: [Int32] = []
    private var stamp: UInt32 = 0

    init(dictionary: [UInt8]) {
        precondition(dictionary.count < Self.window, "the dictionary must fit the window")
        self.dictionary = dictionary
        var head = [Int32](repeating: -1, count: 1 << Self.hashBits)
        var previous = [Int32](repeating: -1, count: dictionary.count)
        if dictionary.count >= Self.minMatch {
            for position in 0...(dictionary.count - Self.minMatch) {
                let hash = Self.hash(dictionary, position)
                previous[position] = head[hash]
                head[hash] = Int32(position)
            }
        }
        dictionaryHead = head
        dictionaryPrevious = previous
        bodyHead = [Int32](repeating: -1, count: 1 << Self.hashBits)
        bodyStamp = [UInt32](repeating: 0, count: 1 << Self.hashBits)
    }

    /// The deflated form of `body`, appended to `output`.
    mutating func deflate(_ body: [UInt8], into output: inout [UInt8]) {
        stamp &+= 1
        if stamp == 0 {
            // Once in 4 billion bodies: old stamps could match again.
            for index in bodyStamp.indices { bodyStamp[index] = 0 }
            stamp = 1
        }
        if bodyPrevious.count < body.count { bodyPrevious = [Int32](repeating: -1, count: body.count) }
        // The worst case: every byte a 9-bit literal, and the block's 10 bits around them.
        var written = [UInt8](repeating: 0, count: body.count + body.count / 8 + 16)
        let stamp = self.stamp
        let count = withChains { chains in
            body.withUnsafeBufferPointer { text in
                written.withUnsafeMutableBufferPointer { out in
                    var bits = BitWriter(out)
                    bits.write(0b011, count: 3)  // the final block, fixed codes
                    var position = 0
                    while position < text.count {
                        let (length, distance) = chains.longestMatch(text, at: position, stamp: stamp)
                        if length >= Self.minMatch {
                            bits.writeLength(length)
                            bits.writeDistance(distance)
                            for inserted in position..<(position + length) { chains.insert(text, inserted, stamp: stamp) }
                            position += length
                        } else {
                            bits.writeLiteralOrLength(Int(text[position]))
                            chains.insert(text, position, stamp: stamp)
                            position += 1
                        }
                    }
                    bits.writeLiteralOrLength(256)  // end of block
                    return bits.finish()
                }
            }
        }
        output.append(contentsOf: written[0..<count])
    }

    /// The chains as raw buffers: a body's thousand lookups then check no bounds and copy no array.
    private mutating func withChains<T>(_ body: (inout Chains) -> T) -> T {
        dictionary.withUnsafeBufferPointer { preset in
            dictionaryHead.withUnsafeBufferPointer { presetHead in
                dictionaryPrevious.withUnsafeBufferPointer { presetPrevious in
                    bodyHead.withUnsafeMutableBufferPointer { head in
                        bodyStamp.withUnsafeMutableBufferPointer { stamps in
                            bodyPrevious.withUnsafeMutableBufferPointer { previous in
                                var chains = Chains(
                                    preset: preset, presetHead: presetHead, presetPrevious: presetPrevious, head: head, stamps: stamps,
                                    previous: previous)
                                return body(&chains)
                            }
                        }
                    }
                }
            }
        }
    }

    private struct Chains {
        let preset: UnsafeBufferPointer<UInt8>
        let presetHead: UnsafeBufferPointer<Int32>
        let presetPrevious: UnsafeBufferPointer<Int32>
        let head: UnsafeMutableBufferPointer<Int32>
        let stamps: UnsafeMutableBufferPointer<UInt32>
        let previous: UnsafeMutableBufferPointer<Int32>

        func insert(_ text: UnsafeBufferPointer<UInt8>, _ position: Int, stamp: UInt32) {
            guard position + minMatch <= text.count else { return }
            let hash = PresetDictionaryDeflater.hash(text, position)
            previous[position] = stamps[hash] == stamp ? head[hash] : -1
            head[hash] = Int32(position)
            stamps[hash] = stamp
        }

        /// The longest match for `text[position...]` within the window (the body before it, then the
        /// dictionary), the nearer one of equal length; length 0 when none reaches `minMatch`.
        func longestMatch(_ text: UnsafeBufferPointer<UInt8>, at position: Int, stamp: UInt32) -> (length: Int, distance: Int) {
            guard position + minMatch <= text.count else { return (0, 0) }
            let limit = min(maxMatch, text.count - position)
            let hash = PresetDictionaryDeflater.hash(text, position)
            var best = (length: 0, distance: 0)
            var candidate = stamps[hash] == stamp ? Int(head[hash]) : -1
            var tries = 0
            while candidate >= 0 && tries < chainLimit && position - candidate <= window {
                var length = 0
                while length < limit && text[candidate + length] == text[position + length] { length += 1 }
                if length > best.length { best = (length, position - candidate) }
                if length >= min(limit, niceLength) { return best }
                candidate = Int(previous[candidate])
                tries += 1
            }
            candidate = Int(presetHead[hash])
            tries = 0
            while candidate >= 0 && tries < chainLimit {
                let distance = position + preset.count - candidate
                guard distance <= window else { break }
                // A match may run from the dictionary's end on into the body.
                var length = 0
                while length < limit {
                    let index = candidate + length
                    let byte = index < preset.count ? preset[index] : text[index - preset.count]
                    guard byte == text[position + length] else { break }
                    length += 1
                }
                if length > best.length { best = (length, distance) }
                if length >= min(limit, niceLength) { break }
                candidate = Int(presetPrevious[candidate])
                tries += 1
            }
            return best.length >= minMatch ? best : (0, 0)
        }
    }

    fileprivate static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ position: Int) -> Int {
        let word = UInt32(bytes[position]) | UInt32(bytes[position + 1]) << 8 | UInt32(bytes[position + 2]) << 16
            | UInt32(bytes[position + 3]) << 24
        return Int((word &* 2_654_435_761) >> (32 - UInt32(hashBits)))
    }

    private static func hash(_ bytes: [UInt8], _ position: Int) -> Int {
        bytes.withUnsafeBufferPointer { hash($0, position) }
    }
}

/// Deflate's bit order: values least significant bit first, Huffman codes most significant first
/// (stored here already reversed). Writes into a buffer known to be large enough.
private struct BitWriter {
    private let out: UnsafeMutableBufferPointer<UInt8>
    private var written = 0
    private var buffer: UInt64 = 0
    private var count = 0

    init(_ out: UnsafeMutableBufferPointer<UInt8>) {
        self.out = out
    }

    mutating func write(_ value: UInt32, count bits: Int) {
        buffer |= UInt64(value) << UInt64(count)
        count += bits
        if count >= 32 {
            for _ in 0..<4 {
                out[written] = UInt8(truncatingIfNeeded: buffer)
                written += 1
                buffer >>= 8
            }
            count -= 32
        }
    }

    /// The bytes written, the last one padded.
    mutating func finish() -> Int {
        while count > 0 {
            out[written] = UInt8(truncatingIfNeeded: buffer)
            written += 1
            buffer >>= 8
            count -= 8
        }
        return written
    }

    /// Symbol 0–287 of the fixed literal/length code (RFC 1951 §3.2.6).
    mutating func writeLiteralOrLength(_ symbol: Int) {
        let code = FixedCodes.literalLength[symbol]
        write(UInt32(code.bits), count: Int(code.length))
    }

    mutating func writeLength(_ length: Int) {
        let entry = FixedCodes.lengths[length]
        writeLiteralOrLength(Int(entry.symbol))
        if entry.extraBits > 0 { write(UInt32(length - Int(entry.base)), count: Int(entry.extraBits)) }
    }

    mutating func writeDistance(_ distance: Int) {
        var code = FixedCodes.distanceBases.count - 1
        while Int(FixedCodes.distanceBases[code]) > distance { code -= 1 }
        write(FixedCodes.reversedDistanceCodes[code], count: 5)
        let extra = FixedCodes.distanceExtraBits[code]
        if extra > 0 { write(UInt32(distance - Int(FixedCodes.distanceBases[code])), count: Int(extra)) }
    }
}

/// The fixed Huffman codes and the length and distance tables of RFC 1951 §3.2.5–3.2.6.
private enum FixedCodes {
    static let literalLength: [(bits: UInt16, length: UInt8)] = (0..<288).map { symbol in
        let (code, length): (UInt32, Int) =
            switch symbol {
            case 0..<144: (0x30 + UInt32(symbol), 8)
            case 144..<256: (0x190 + UInt32(symbol - 144), 9)
            case 256..<280: (UInt32(symbol - 256), 7)
            default: (0xC0 + UInt32(symbol - 280), 8)
            }
        return (UInt16(reversed(code, bits: length)), UInt8(length))
    }

    private static let lengthBases: [UInt16] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
    ]
    private static let lengthExtraBits: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]

    /// Per match length 3–258: its symbol (257–285), the symbol's base length and extra bits.
    static let lengths: [(symbol: UInt16, base: UInt16, extraBits: UInt8)] = (0...258).map { length in
        guard length >= 3 else { return (0, 0, 0) }
        var code = lengthBases.count - 1
        while lengthBases[code] > length { code -= 1 }
        return (UInt16(257 + code), lengthBases[code], lengthExtraBits[code])
    }

    static let distanceBases: [UInt16] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
        8193, 12289, 16385, 24577,
    ]
    static let distanceExtraBits: [UInt8] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    static let reversedDistanceCodes: [UInt32] = (0..<30).map { reversed(UInt32($0), bits: 5) }

    static func reversed(_ code: UInt32, bits: Int) -> UInt32 {
        var result: UInt32 = 0
        for bit in 0..<bits where code & (1 << UInt32(bit)) != 0 { result |= 1 << UInt32(bits - 1 - bit) }
        return result
    }
}
