public import LanyardAPI
public import LanyardModel

/// The audit search as the request carried it: each field is a labelled input of the GET form and a query parameter
/// (`identity`, `actor`, `action`, `since`, `until`) of the "Next page" link. Empty means "any".
public struct AuditSearch: Sendable, Hashable {
    /// An identity id or name.
    public var identity: String
    /// An exact actor (`user:alice`, `token:tok_…`).
    public var actor: String
    /// An exact action (`identity.extend`).
    public var action: String
    /// RFC 3339 UTC time or date, inclusive.
    public var since: String
    /// RFC 3339 UTC time or date, exclusive.
    public var until: String

    /// Creates a search; every field defaults to "any".
    public init(identity: String = "", actor: String = "", action: String = "", since: String = "", until: String = "") {
        self.identity = identity
        self.actor = actor
        self.action = action
        self.since = since
        self.until = until
    }

    /// The fields that are set, as query parameters in a fixed order.
    public var queryItems: [(String, String)] {
        [("identity", identity), ("actor", actor), ("action", action), ("since", since), ("until", until)].filter { !$0.1.isEmpty }
    }
}

/// An inclusion proof of one audit event, checked by the server, as the audit page shows it.
public struct AuditProofView: Sendable, Hashable {
    /// The event's sequence number.
    public var seq: Int64
    /// The leaf hash, as the server encodes it (hex or base64).
    public var leafHash: String
    /// The size of the tree the proof leads to.
    public var treeSize: Int64
    /// That tree's root hash.
    public var rootHash: String
    /// The sibling hashes from the leaf upwards.
    public var path: [String]
    /// Whether the proof leads from the leaf to the root of a checkpoint whose signature verified.
    public var verified: Bool
    /// The signed checkpoint note, when there is one to show.
    public var checkpoint: String?
    /// Why it did not verify, for a person.
    public var failure: String?
    /// The event itself, when it is still stored.
    public var event: AuditEvent?

    /// Creates a proof panel's content.
    public init(
        seq: Int64, leafHash: String, treeSize: Int64, rootHash: String, path: [String], verified: Bool, checkpoint: String? = nil,
        failure: String? = nil, event: AuditEvent? = nil
    ) {
        self.seq = seq
        self.leafHash = leafHash
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.path = path
        self.verified = verified
        self.checkpoint = checkpoint
        self.failure = failure
        self.event = event
    }

    /// The panel for an API inclusion proof (its hashes are base64), with the root hash and the verdict of the check.
    public init(_ proof: AuditInclusionProof, rootHash: String, verified: Bool, failure: String? = nil, event: AuditEvent? = nil) {
        self.init(
            seq: proof.sequence, leafHash: proof.leafHash, treeSize: proof.treeSize, rootHash: rootHash, path: proof.proof, verified: verified,
            checkpoint: proof.checkpoint, failure: failure, event: event)
    }
}

/// The audit page: a search form, the matching events each with a "prove" link, and optionally one event's proof.
public struct AuditView: Sendable {
    public var search: AuditSearch
    /// The matching events, in the order to show.
    public var events: [AuditEvent]
    /// The cursor of the next page, when there is one (a "Next page" link with the search and `cursor`).
    public var nextCursor: String?
    /// A proof to show above the results (the page at `{basePath}/audit/{seq}`).
    public var proof: AuditProofView?

    /// Creates the audit page's content.
    public init(search: AuditSearch = AuditSearch(), events: [AuditEvent] = [], nextCursor: String? = nil, proof: AuditProofView? = nil) {
        self.search = search
        self.events = events
        self.nextCursor = nextCursor
        self.proof = proof
    }
}
