public import LanyardModel

/// One framework control as the posture report sees it: `fail` when any posture control mapped to it fails, `pass`
/// when at least one passes and none fails, `not-applicable` otherwise.
public struct PostureFrameworkStatus: Sendable, Hashable, Codable {
    public var control: FrameworkControl
    public var status: PostureControl.Status
    /// The posture controls mapped to it (`LY-ID-01`, …).
    public var controls: [String]

    public init(control: FrameworkControl, status: PostureControl.Status, controls: [String]) {
        self.control = control
        self.status = status
        self.controls = controls
    }

    /// The status of every framework control `controls` map to, in catalogue order.
    public static func rollUp(_ controls: [PostureControl]) -> [PostureFrameworkStatus] {
        var byID: [String: [PostureControl]] = [:]
        for control in controls {
            for mapping in control.mappings { byID[mapping.id, default: []].append(control) }
        }
        return FrameworkControl.list.compactMap { framework in
            guard let mapped = byID[framework.id] else { return nil }
            let status: PostureControl.Status =
                mapped.contains { $0.status == .fail } ? .fail : mapped.contains { $0.status == .pass } ? .pass : .notApplicable
            return PostureFrameworkStatus(control: framework, status: status, controls: mapped.map(\.id))
        }
    }
}
