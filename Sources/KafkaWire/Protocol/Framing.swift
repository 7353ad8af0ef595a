import NIOCore

/// Whole-frame helpers for clients of the codec (tests, fuzzers, a replica fetcher): a frame is an
/// int32 size followed by that many bytes of header + body.

/// Encodes `request` as a complete size-prefixed frame, header included.
public func encodeRequestFrame<R: KafkaRequest>(
    _ request: R,
    version: Int16,
    correlationId: Int32,
    clientId: String?
) -> ByteBuffer {
    var buffer = ByteBufferAllocator().buffer(capacity: 256)
    buffer.writeInteger(Int32(0))  // size, patched below
    let header = RequestHeader(
        apiKey: R.apiKey.rawValue, apiVersion: version, correlationId: correlationId, clientId: clientId)
    header.encode(into: &buffer)
    request.encode(into: &buffer, version: version)
    buffer.setInteger(Int32(buffer.readableBytes - 4), at: buffer.readerIndex)
    return buffer
}

/// Encodes a response as a complete size-prefixed frame with the header version its API requires, in one buffer
/// (the broker sends `ResponseFrame`'s chunks instead).
public func encodeResponseFrame<M: KafkaMessage>(
    _ response: M,
    apiKey: APIKey,
    version: Int16,
    correlationId: Int32
) -> ByteBuffer {
    var copyAll = RecordSplices(enabled: false)
    return ResponseFrame.encodeFields(
        response, apiKey: apiKey, version: version, correlationId: correlationId, splicing: &copyAll)
}

/// Decodes a response frame's payload (header + body, WITHOUT the int32 size prefix) for request type `R`.
///
/// Returns the correlation id and the body; throws if bytes remain after the body.
public func decodeResponseBody<R: KafkaRequest>(
    _ request: R.Type,
    version: Int16,
    from payload: ByteBuffer
) throws -> (correlationId: Int32, response: R.Response) {
    var reader = WireReader(payload)
    let headerVersion = ResponseHeader.headerVersion(apiKey: R.apiKey.rawValue, version: version)
    let header = try ResponseHeader(from: &reader, headerVersion: headerVersion)
    let response = try R.Response(from: &reader, version: version)
    try reader.expectEnd()
    return (header.correlationId, response)
}

/// Decodes a request payload (header + body, without the size prefix) as request type `R`.
public func decodeRequest<R: KafkaRequest>(
    _ request: R.Type,
    from payload: ByteBuffer
) throws -> (header: RequestHeader, request: R) {
    var reader = WireReader(payload)
    let header = try RequestHeader(from: &reader)
    guard header.apiKey == R.apiKey.rawValue, R.supportedVersions.contains(header.apiVersion) else {
        throw WireError.unsupportedVersion(apiKey: header.apiKey, version: header.apiVersion)
    }
    let body = try R(from: &reader, version: header.apiVersion)
    try reader.expectEnd()
    return (header, body)
}
