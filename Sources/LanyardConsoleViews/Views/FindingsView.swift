public import LanyardModel

/// The findings list, with a link to the posture report.
public struct FindingsView: Sendable {
    /// The findings to show, most severe first.
    public var findings: [Finding]
    /// Identity names by id, to name the identity a finding is about.
    public var identityNames: [String: String]
    /// The cursor of the next page, when there is one (a "Next page" link with `cursor`).
    public var nextCursor: String?

    /// Creates the findings page's content.
    public init(findings: [Finding], identityNames: [String: String] = [:], nextCursor: String? = nil) {
        self.findings = findings
        self.identityNames = identityNames
        self.nextCursor = nextCursor
    }
}
