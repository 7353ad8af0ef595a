import KafkaWire
import NIOCore

/// One frame the fuzzer sends: the exact bytes (size prefix included) and what to expect back.
struct FuzzFrame: Sendable {
    var bytes: [UInt8]
    var correlationId: Int32
    /// For valid, unmutated frames: decodes the broker's answer with our codec (a valid request must get a
    /// well-formed response). Nil for mutated or random frames, whose answer (if any) is only counted.
    var checkResponse: (@Sendable (ByteBuffer) throws -> Void)?
    /// acks=0 produce gets no response at all.
    var expectsResponse: Bool
    /// What the frame is, for reports ("Produce v7 bit flips").
    var label: String
    /// The bytes are exactly what the codec encoded, correlation id included. Only then can an answer carrying
    /// this frame's correlation id be attributed to it: a mutated frame may carry anyone's id.
    var isPristine = false

    /// Builds a valid frame of `request` at `version`.
    static func valid<R: KafkaRequest>(
        _ request: R, version: Int16, correlationId: Int32, clientId: String?, expectsResponse: Bool = true
    ) -> FuzzFrame {
        let buffer = encodeRequestFrame(request, version: version, correlationId: correlationId, clientId: clientId)
        return FuzzFrame(
            bytes: Array(buffer.readableBytesView), correlationId: correlationId,
            checkResponse: { payload in _ = try decodeResponseBody(R.self, version: version, from: payload) },
            expectsResponse: expectsResponse, label: "\(R.apiKey.name) v\(version)", isPristine: true)
    }

    /// Rewrites the size prefix to match the bytes after it.
    mutating func fixSizePrefix() {
        guard bytes.count >= 4 else { return }
        Self.writeInt32(Int32(truncatingIfNeeded: bytes.count - 4), into: &bytes, at: 0)
    }

    static func writeInt32(_ value: Int32, into bytes: inout [UInt8], at index: Int) {
        guard index >= 0, index + 4 <= bytes.count else { return }
        let raw = UInt32(bitPattern: value)
        for shift in 0..<4 { bytes[index + shift] = UInt8(truncatingIfNeeded: raw >> (24 - 8 * shift)) }
    }

    static func writeInt16(_ value: Int16, into bytes: inout [UInt8], at index: Int) {
        guard index >= 0, index + 2 <= bytes.count else { return }
        let raw = UInt16(bitPattern: value)
        bytes[index] = UInt8(truncatingIfNeeded: raw >> 8)
        bytes[index + 1] = UInt8(truncatingIfNeeded: raw)
    }

    /// The whole frame as hex, for crash reports.
    var hex: String {
        bytes.map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }
}
