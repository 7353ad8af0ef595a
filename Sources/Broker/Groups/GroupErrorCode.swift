/// The Kafka error codes the group coordinator answers with.
///
/// Plain `Int16` values (Kafka's protocol error table) so that this folder does not depend on the wire codec;
/// the request handlers copy them into responses unchanged.
enum GroupErrorCode {
    static let none: Int16 = 0
    static let unknownServerError: Int16 = -1
    static let offsetMetadataTooLarge: Int16 = 12
    static let coordinatorLoadInProgress: Int16 = 14
    static let coordinatorNotAvailable: Int16 = 15
    static let notCoordinator: Int16 = 16
    static let illegalGeneration: Int16 = 22
    static let inconsistentGroupProtocol: Int16 = 23
    static let invalidGroupId: Int16 = 24
    static let unknownMemberId: Int16 = 25
    static let invalidSessionTimeout: Int16 = 26
    static let rebalanceInProgress: Int16 = 27
    static let nonEmptyGroup: Int16 = 68
    static let groupIdNotFound: Int16 = 69
    static let memberIdRequired: Int16 = 79
}
