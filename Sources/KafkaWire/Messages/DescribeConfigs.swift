import NIOCore

/// DescribeConfigs (key 32), versions 0-3. resourceType 2 = topic, 4 = broker.
public struct DescribeConfigsRequest: KafkaRequest, Equatable {
    public typealias Response = DescribeConfigsResponse
    public static let apiKey = APIKey.describeConfigs
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    public struct DescribeConfigsResource: KafkaMessage, Equatable {
        public var resourceType: Int8
        public var resourceName: String
        /// nil = every key.
        public var configurationKeys: [String]?

        public init(resourceType: Int8 = 0, resourceName: String = "", configurationKeys: [String]? = nil) {
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configurationKeys = configurationKeys
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            resourceType = try reader.readInt8()
            resourceName = try reader.readString()
            configurationKeys = try reader.readNullableStringArray()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(resourceType)
            buffer.writeKafkaString(resourceName)
            buffer.writeNullableStringArray(configurationKeys)
        }
    }

    public var resources: [DescribeConfigsResource]
    public var includeSynonyms: Bool
    public var includeDocumentation: Bool

    public init(resources: [DescribeConfigsResource] = [], includeSynonyms: Bool = false,
                includeDocumentation: Bool = false) {
        self.resources = resources
        self.includeSynonyms = includeSynonyms
        self.includeDocumentation = includeDocumentation
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        resources = try reader.readArray(of: DescribeConfigsResource.self, version: version)
        includeSynonyms = version >= 1 ? try reader.readBool() : false
        includeDocumentation = version >= 3 ? try reader.readBool() : false
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaArray(resources, version: version)
        if version >= 1 { buffer.writeKafkaBool(includeSynonyms) }
        if version >= 3 { buffer.writeKafkaBool(includeDocumentation) }
    }
}
