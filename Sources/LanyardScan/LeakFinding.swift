/// One secret found: what it is, where, and — in memory only — the secret itself, so a caller can report Lanyard's
/// own credentials for revocation. Encoding never writes the raw secret: only ``redacted`` and ``fingerprint``.
public struct LeakFinding: Sendable, Hashable, Encodable {
    /// The rule that fired.
    public var rule: ScanRule
    /// The finer kind (`lanyard-admin-token`, `github-ghp`, `aws-secret-access-key`…).
    public var kind: String
    /// The raw secret. In memory only: never encoded, never printed.
    public var secret: String
    /// The file (for git history: the path in the commit), as given or relative to the scanned directory.
    public var path: String
    /// 1-based line (in a notebook: within the cell's source or output).
    public var line: Int
    /// 1-based column, in bytes.
    public var column: Int
    /// The commit that added the line, for git history.
    public var commit: String?
    /// The cell index (0-based) in a Jupyter notebook.
    public var cell: Int?
    /// `source` or `output`, in a notebook.
    public var cellPart: String?

    /// A finding of `rule`/`kind` for `secret` at `path`:`line`:`column`.
    public init(
        rule: ScanRule, kind: String, secret: String, path: String, line: Int, column: Int, commit: String? = nil, cell: Int? = nil,
        cellPart: String? = nil
    ) {
        self.rule = rule
        self.kind = kind
        self.secret = secret
        self.path = path
        self.line = line
        self.column = column
        self.commit = commit
        self.cell = cell
        self.cellPart = cellPart
    }

    /// Whether this is one of Lanyard's own credentials (which `lanyard scan --report` can have revoked).
    public var isLanyardCredential: Bool { rule == .lanyard || rule == .lanyardJWT }

    /// The first 4 characters, an ellipsis and a SHA-256 prefix: enough to recognise a secret one holds, too little
    /// to use it.
    public var redacted: String {
        String(secret.prefix(4)) + "…sha256:" + String(SHA256Hex.hex(Array(secret.utf8)).prefix(12))
    }

    /// A stable identity for baselines: the SHA-256 of rule, path and secret (not the line, which moves).
    public var fingerprint: String {
        String(SHA256Hex.hex(Array("\(rule.id)\u{0}\(path)\u{0}\(secret)".utf8)).prefix(32))
    }

    /// The SHA-256 (hex) of the raw secret, as GitHub's and Lanyard's intake name a token without sending it.
    public var secretHash: String { SHA256Hex.hex(Array(secret.utf8)) }

    enum CodingKeys: String, CodingKey { case rule, kind, redacted, fingerprint, path, line, column, commit, cell, cellPart, level }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule.id, forKey: .rule)
        try container.encode(rule.level, forKey: .level)
        try container.encode(kind, forKey: .kind)
        try container.encode(redacted, forKey: .redacted)
        try container.encode(fingerprint, forKey: .fingerprint)
        try container.encode(path, forKey: .path)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encodeIfPresent(commit, forKey: .commit)
        try container.encodeIfPresent(cell, forKey: .cell)
        try container.encodeIfPresent(cellPart, forKey: .cellPart)
    }
}
