/// A tester run that could not start or finish, with a message for the operator.
public struct TesterError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
