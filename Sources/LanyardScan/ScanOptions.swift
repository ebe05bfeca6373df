/// What `lanyard scan` reads and how.
public struct ScanOptions: Sendable, Hashable {
    /// Skip what `.gitignore` ignores (and `.git` itself, always).
    public var respectGitignore: Bool
    /// Files larger than this many bytes are skipped.
    public var maxFileSize: Int
    /// How many files or history batches are scanned at once (default: the number of cores).
    public var concurrency: Int

    /// The defaults: `.gitignore` respected, 10 MB cap, one task per core.
    public init(respectGitignore: Bool = true, maxFileSize: Int = 10 * 1024 * 1024, concurrency: Int? = nil) {
        self.respectGitignore = respectGitignore
        self.maxFileSize = maxFileSize
        self.concurrency = max(1, concurrency ?? ProcessInfoCores.count)
    }
}

/// What a scan covered, beside its findings.
public struct ScanResult: Sendable, Hashable {
    /// Every finding, ordered by path, commit, line and column.
    public var findings: [LeakFinding]
    /// Files (or history texts) scanned.
    public var filesScanned: Int
    /// Bytes scanned.
    public var bytesScanned: Int
    /// Files skipped as binary or over the size cap.
    public var filesSkipped: Int

    /// A result.
    public init(findings: [LeakFinding] = [], filesScanned: Int = 0, bytesScanned: Int = 0, filesSkipped: Int = 0) {
        self.findings = findings
        self.filesScanned = filesScanned
        self.bytesScanned = bytesScanned
        self.filesSkipped = filesSkipped
    }

    mutating func merge(_ other: ScanResult) {
        findings += other.findings
        filesScanned += other.filesScanned
        bytesScanned += other.bytesScanned
        filesSkipped += other.filesSkipped
    }
}
