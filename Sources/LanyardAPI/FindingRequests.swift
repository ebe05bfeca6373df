public import LanyardModel

/// A page of findings, newest first.
public struct FindingList: Sendable, Hashable, Codable {
    public var findings: [Finding]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(findings: [Finding], next: String? = nil) {
        self.findings = findings
        self.next = next
    }
}
