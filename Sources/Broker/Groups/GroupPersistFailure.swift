/// What a `GroupCoordinator.persist` hook may throw to choose the error code clients see for a commit that
/// could not be made durable (e.g. NOT_COORDINATOR when this broker no longer leads the offsets partition).
/// Any other error is reported as COORDINATOR_NOT_AVAILABLE, which clients retry.
struct GroupPersistFailure: Error, Equatable {
    var errorCode: Int16
}
