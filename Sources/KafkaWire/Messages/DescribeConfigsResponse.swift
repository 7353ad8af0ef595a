import NIOCore

/// The answer to a DescribeConfigs request, versions 0-3.
public struct DescribeConfigsResponse: KafkaMessage, Equatable {
    public struct DescribeConfigsSynonym: KafkaMessage, Equatable {
        public var name: String
        public var value: String?
        public var source: Int8

        public init(name: String = "", value: String? = nil, source: Int8 = 0) {
            self.name = name
            self.value = value
            self.source = source
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            value = try reader.readNullableString()
            source = try reader.readInt8()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeKafkaNullableString(value)
            buffer.writeInteger(source)
        }
    }

    public struct DescribeConfigsResourceResult: KafkaMessage, Equatable {
        public var name: String
        public var value: String?
        public var readOnly: Bool
        /// v0 only; later versions say this through `configSource`.
        public var isDefault: Bool
        public var configSource: Int8
        public var isSensitive: Bool
        public var synonyms: [DescribeConfigsSynonym]
        public var configType: Int8
        public var documentation: String?

        public init(name: String = "", value: String? = nil, readOnly: Bool = false, isDefault: Bool = false,
                    configSource: Int8 = -1, isSensitive: Bool = false, synonyms: [DescribeConfigsSynonym] = [],
                    configType: Int8 = 0, documentation: String? = nil) {
            self.name = name
            self.value = value
            self.readOnly = readOnly
            self.isDefault = isDefault
            self.configSource = configSource
            self.isSensitive = isSensitive
            self.synonyms = synonyms
            self.configType = configType
            self.documentation = documentation
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            self.init()
            name = try reader.readString()
            value = try reader.readNullableString()
            readOnly = try reader.readBool()
            if version == 0 { isDefault = try reader.readBool() }
            if version >= 1 { configSource = try reader.readInt8() }
            isSensitive = try reader.readBool()
            if version >= 1 { synonyms = try reader.readArray(of: DescribeConfigsSynonym.self, version: version) }
            if version >= 3 {
                configType = try reader.readInt8()
                documentation = try reader.readNullableString()
            }
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeKafkaNullableString(value)
            buffer.writeKafkaBool(readOnly)
            if version == 0 { buffer.writeKafkaBool(isDefault) }
            if version >= 1 { buffer.writeInteger(configSource) }
            buffer.writeKafkaBool(isSensitive)
            if version >= 1 { buffer.writeKafkaArray(synonyms, version: version) }
            if version >= 3 {
                buffer.writeInteger(configType)
                buffer.writeKafkaNullableString(documentation)
            }
        }
    }

    public struct DescribeConfigsResult: KafkaMessage, Equatable {
        public var errorCode: ErrorCode
        public var errorMessage: String?
        public var resourceType: Int8
        public var resourceName: String
        public var configs: [DescribeConfigsResourceResult]

        public init(errorCode: ErrorCode = .none, errorMessage: String? = nil, resourceType: Int8 = 0,
                    resourceName: String = "", configs: [DescribeConfigsResourceResult] = []) {
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configs = configs
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            errorCode = ErrorCode(try reader.readInt16())
            errorMessage = try reader.readNullableString()
            resourceType = try reader.readInt8()
            resourceName = try reader.readString()
            configs = try reader.readArray(of: DescribeConfigsResourceResult.self, version: version)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeKafkaNullableString(errorMessage)
            buffer.writeInteger(resourceType)
            buffer.writeKafkaString(resourceName)
            buffer.writeKafkaArray(configs, version: version)
        }
    }

    public var throttleTimeMs: Int32
    public var results: [DescribeConfigsResult]

    public init(throttleTimeMs: Int32 = 0, results: [DescribeConfigsResult] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        throttleTimeMs = try reader.readInt32()
        results = try reader.readArray(of: DescribeConfigsResult.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(results, version: version)
    }
}
