/// A scan that cannot run (a path that does not exist, git that fails, an unreadable baseline): a usage error.
public struct ScanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The sentence to show.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
