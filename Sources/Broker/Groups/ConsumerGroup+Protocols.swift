/// Protocol agreement: which protocols a group can accept from a (re)joining member, and which one it uses.
extension ConsumerGroup {
    /// Whether a member sending `protocolType` and `protocols` can be in this group.
    ///
    /// With nobody else in the group anything non-empty goes; otherwise the type must match and at least one
    /// of the protocols must be supported by every other member (INCONSISTENT_GROUP_PROTOCOL otherwise).
    func supportsProtocols(type: String, protocols: [GroupProtocol], joiningMemberId: String) -> Bool {
        guard !type.isEmpty, !protocols.isEmpty else { return false }
        let others = members.values.filter { $0.memberId != joiningMemberId }
        if others.isEmpty { return true }
        guard type == protocolType else { return false }
        let supportedByOthers = Self.namesSupportedByAll(others)
        return protocols.contains { supportedByOthers.contains($0.name) }
    }

    /// Kafka's vote: among the protocols every member supports, each member votes for its most preferred one;
    /// the most votes wins. Ties go to the leader's order of preference, so the choice is deterministic.
    func selectProtocol() -> String? {
        let candidates = Self.namesSupportedByAll(Array(members.values))
        var votes: [String: Int] = [:]
        for member in members.values {
            if let choice = member.protocols.first(where: { candidates.contains($0.name) }) {
                votes[choice.name, default: 0] += 1
            }
        }
        guard let best = votes.values.max() else { return nil }
        let leaderOrder = leaderId.flatMap { members[$0] }?.protocols.map(\.name) ?? []
        if let winner = leaderOrder.first(where: { votes[$0] == best }) {
            return winner
        }
        return votes.filter { $0.value == best }.keys.sorted().first
    }

    private static func namesSupportedByAll(_ members: [GroupMember]) -> Set<String> {
        guard let first = members.first else { return [] }
        var names = Set(first.protocols.map(\.name))
        for member in members.dropFirst() {
            names.formIntersection(member.protocols.map(\.name))
        }
        return names
    }
}
