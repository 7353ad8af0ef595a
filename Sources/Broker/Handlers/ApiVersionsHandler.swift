import KafkaWire

extension RequestHandlers {
    func apiVersions(_ request: ApiVersionsRequest, _ context: RequestContext) -> ApiVersionsResponse {
        var response = ApiVersionsResponse()
        response.apiKeys = Self.advertised(all)
        return response
    }
}
