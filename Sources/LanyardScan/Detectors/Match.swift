/// One secret a detector found in a line: the rule, what kind of secret, and where it sits in the line.
struct Match: Sendable, Hashable {
    var rule: ScanRule
    /// A finer name than the rule (`lanyard-admin-token`, `github-pat`…).
    var kind: String
    /// Byte offsets of the secret in the line.
    var range: Range<Int>
}
