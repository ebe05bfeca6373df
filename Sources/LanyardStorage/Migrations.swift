import Foundation
import SQLKit

/// A numbered, named change to the schema. Applied once, in order, inside a transaction; recorded in
/// `schema_migrations`. Never edit a released migration: add a new one.
struct Migration: Sendable {
    let version: Int64
    let name: String
    let statements: @Sendable (SQLEngine) -> [String]
}

enum Migrations {
    static let all: [Migration] = [
        Migration(version: 1, name: "inventory") { engine in
            let serial = engine == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
            return [
                """
                CREATE TABLE tenants (
                    name TEXT PRIMARY KEY,
                    trust_domain TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE admin_tokens (
                    id TEXT PRIMARY KEY,
                    tenant TEXT REFERENCES tenants(name),
                    role TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    description TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE templates (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    name TEXT NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (tenant, name)
                )
                """,
                """
                CREATE TABLE identities (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    owner TEXT NOT NULL,
                    backup_owner TEXT,
                    purpose TEXT NOT NULL,
                    environment TEXT NOT NULL,
                    data_class TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    status TEXT NOT NULL,
                    template TEXT NOT NULL,
                    spiffe_id TEXT NOT NULL,
                    allowed_destinations TEXT NOT NULL,
                    public_keys TEXT NOT NULL,
                    offboarding_trigger TEXT NOT NULL,
                    offboard_reason TEXT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    created_by TEXT NOT NULL,
                    PRIMARY KEY (tenant, id),
                    UNIQUE (tenant, name)
                )
                """,
                "CREATE INDEX identities_due ON identities (status, expires_at)",
                "CREATE INDEX identities_owner ON identities (tenant, owner)",
                """
                CREATE TABLE audit_events (
                    seq \(serial),
                    tenant TEXT NOT NULL,
                    at BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    before_state TEXT,
                    after_state TEXT,
                    details TEXT NOT NULL
                )
                """,
                "CREATE INDEX audit_events_tenant ON audit_events (tenant, seq)",
            ]
        },
        Migration(version: 2, name: "credentials") { _ in
            [
                """
                CREATE TABLE signing_keys (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    kid TEXT NOT NULL,
                    algorithm TEXT NOT NULL,
                    state TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    publish_until BIGINT,
                    sealed_private_key TEXT NOT NULL,
                    public_jwk TEXT NOT NULL,
                    PRIMARY KEY (tenant, kid)
                )
                """,
                """
                CREATE TABLE credentials (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    jti TEXT NOT NULL,
                    identity_id TEXT NOT NULL,
                    owner TEXT NOT NULL,
                    scopes TEXT NOT NULL,
                    audience TEXT NOT NULL,
                    issued_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    revoked_at BIGINT,
                    revoke_reason TEXT,
                    PRIMARY KEY (tenant, jti)
                )
                """,
                "CREATE INDEX credentials_identity ON credentials (tenant, identity_id, issued_at)",
                "CREATE INDEX credentials_owner ON credentials (tenant, owner)",
                "CREATE INDEX credentials_revoked ON credentials (revoked_at, expires_at)",
                """
                CREATE TABLE client_assertions (
                    tenant TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    jti TEXT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    PRIMARY KEY (tenant, client_id, jti)
                )
                """,
            ]
        },
        // The audit trail as a Merkle log per tenant (issue 7). Events written before this migration stay in
        // `audit_events`, outside the log; Lanyard no longer reads or writes that table.
        Migration(version: 3, name: "audit_merkle_log") { _ in
            [
                """
                CREATE TABLE audit_log (
                    tenant TEXT NOT NULL,
                    seq BIGINT NOT NULL,
                    at BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    decision TEXT,
                    leaf TEXT,
                    leaf_hash TEXT NOT NULL,
                    PRIMARY KEY (tenant, seq)
                )
                """,
                "CREATE INDEX audit_log_at ON audit_log (tenant, at)",
                "CREATE TABLE audit_heads (tenant TEXT PRIMARY KEY, size BIGINT NOT NULL, pruned_through BIGINT NOT NULL DEFAULT 0)",
                """
                CREATE TABLE audit_keys (
                    tenant TEXT PRIMARY KEY,
                    public_key TEXT NOT NULL,
                    sealed_log_key TEXT NOT NULL,
                    sealed_hmac_key TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE audit_checkpoints (
                    tenant TEXT NOT NULL,
                    size BIGINT NOT NULL,
                    created_at BIGINT NOT NULL,
                    note TEXT NOT NULL,
                    PRIMARY KEY (tenant, size)
                )
                """,
            ]
        },
        Migration(version: 4, name: "policy_store") { _ in
            [
                """
                CREATE TABLE policy_versions (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    version BIGINT NOT NULL,
                    policies TEXT NOT NULL,
                    guardrails TEXT NOT NULL,
                    schema_text TEXT,
                    author TEXT NOT NULL,
                    message TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    policy_count BIGINT NOT NULL,
                    links TEXT NOT NULL,
                    PRIMARY KEY (tenant, version)
                )
                """,
                """
                CREATE TABLE policy_entities (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    entity_type TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (tenant, entity_type, entity_id)
                )
                """,
                """
                CREATE TABLE owner_status (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    owner TEXT NOT NULL,
                    active BIGINT NOT NULL,
                    changed_at BIGINT NOT NULL,
                    changed_by TEXT NOT NULL,
                    reason TEXT,
                    PRIMARY KEY (tenant, owner)
                )
                """,
                "CREATE INDEX identities_spiffe ON identities (tenant, spiffe_id)",
            ]
        },
        // SPIFFE X.509-SVID certificate authorities (issue 6): one root and one intermediate per tenant.
        Migration(version: 5, name: "spiffe_authorities") { _ in
            [
                """
                CREATE TABLE spiffe_authorities (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    role TEXT NOT NULL,
                    certificate_der TEXT NOT NULL,
                    sealed_private_key TEXT,
                    created_at BIGINT NOT NULL,
                    not_after BIGINT NOT NULL,
                    PRIMARY KEY (tenant, role)
                )
                """
            ]
        },
        // Tasks (issue 6): a workload's declared unit of work; credentials bound to one die when it ends.
        Migration(version: 6, name: "tasks") { _ in
            [
                """
                CREATE TABLE tasks (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    id TEXT NOT NULL,
                    identity_id TEXT NOT NULL,
                    intent TEXT NOT NULL,
                    opened_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    ended_at BIGINT,
                    ended_by TEXT,
                    PRIMARY KEY (tenant, id)
                )
                """,
                "CREATE INDEX tasks_ended ON tasks (ended_at, expires_at)",
                "ALTER TABLE credentials ADD COLUMN task_id TEXT",
                "ALTER TABLE credentials ADD COLUMN parent_jti TEXT",
                "CREATE INDEX credentials_parent ON credentials (tenant, parent_jti)",
            ]
        },
        // OIDC federation (issue 6): external issuers an identity trusts, with claim rules, for RFC 8693 exchange.
        Migration(version: 7, name: "federation_trusts") { _ in
            [
                """
                CREATE TABLE federation_trusts (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    id TEXT NOT NULL,
                    identity_id TEXT NOT NULL,
                    issuer TEXT NOT NULL,
                    audience TEXT NOT NULL,
                    conditions TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    created_by TEXT NOT NULL,
                    PRIMARY KEY (tenant, id)
                )
                """,
                "CREATE INDEX federation_trusts_identity ON federation_trusts (tenant, identity_id)",
            ]
        },
        // One edge (issue 12): admin tokens carry a subject and an expiry and can be revoked; tenants keep
        // versions of their own admin policies.
        Migration(version: 8, name: "admin_roles") { _ in
            [
                "ALTER TABLE admin_tokens ADD COLUMN subject TEXT",
                "ALTER TABLE admin_tokens ADD COLUMN created_at BIGINT",
                "ALTER TABLE admin_tokens ADD COLUMN expires_at BIGINT",
                "ALTER TABLE admin_tokens ADD COLUMN revoked_at BIGINT",
                "CREATE INDEX admin_tokens_tenant ON admin_tokens (tenant)",
                """
                CREATE TABLE admin_policy_versions (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    version BIGINT NOT NULL,
                    policies TEXT NOT NULL,
                    author TEXT NOT NULL,
                    message TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (tenant, version)
                )
                """,
            ]
        },
        // List pages (issue 13): credentials are paged newest first by (issued_at, jti) without scanning the tenant.
        Migration(version: 9, name: "list_pages") { _ in
            ["CREATE INDEX credentials_issued ON credentials (tenant, issued_at, jti)"]
        },
        // Several nodes (issue 15): a SPIFFE CA's generation, so that renewals racing on several nodes replace a
        // generation once (compare-and-set); existing CAs are generation 1.
        Migration(version: 10, name: "authority_generations") { _ in
            ["ALTER TABLE spiffe_authorities ADD COLUMN generation BIGINT NOT NULL DEFAULT 1"]
        },
        // Several nodes (issue 15): the change stream between nodes, and one-time ids (client assertions at
        // endpoints that store nothing, DPoP proofs) claimed once across nodes. Both are used on PostgreSQL only.
        // `seen_once` is UNLOGGED there: claims are committed without waiting for the WAL and vanish if PostgreSQL
        // itself crashes (docs/operations.md says what that costs).
        Migration(version: 11, name: "change_stream") { engine in
            let serial = engine == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
            let unlogged = engine == .postgres ? "UNLOGGED " : ""
            return [
                """
                CREATE TABLE state_changes (
                    seq \(serial),
                    origin TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    body TEXT NOT NULL
                )
                """,
                "CREATE INDEX state_changes_created ON state_changes (created_at)",
                """
                CREATE \(unlogged)TABLE seen_once (
                    scope TEXT NOT NULL,
                    id TEXT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    PRIMARY KEY (scope, id)
                )
                """,
                "CREATE INDEX seen_once_expiry ON seen_once (expires_at)",
            ]
        },
        // SCIM (issue 16): the people and groups a tenant's identity provider provisions, and its provisioning tokens.
        // `user_name_key` and `display_name_key` are the lower-cased names, unique per tenant (SCIM compares them without
        // regard to case); `body` is the resource's attributes as JSON text.
        Migration(version: 12, name: "scim_directory") { _ in
            [
                """
                CREATE TABLE scim_users (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    id TEXT NOT NULL,
                    user_name TEXT NOT NULL,
                    user_name_key TEXT NOT NULL,
                    external_id TEXT,
                    active BIGINT NOT NULL,
                    body TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    version BIGINT NOT NULL,
                    PRIMARY KEY (tenant, id),
                    UNIQUE (tenant, user_name_key)
                )
                """,
                "CREATE INDEX scim_users_external_id ON scim_users (tenant, external_id)",
                """
                CREATE TABLE scim_groups (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    id TEXT NOT NULL,
                    display_name TEXT NOT NULL,
                    display_name_key TEXT NOT NULL,
                    external_id TEXT,
                    body TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    version BIGINT NOT NULL,
                    PRIMARY KEY (tenant, id),
                    UNIQUE (tenant, display_name_key)
                )
                """,
                "CREATE INDEX scim_groups_external_id ON scim_groups (tenant, external_id)",
                """
                CREATE TABLE scim_group_members (
                    tenant TEXT NOT NULL,
                    group_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    PRIMARY KEY (tenant, group_id, user_id)
                )
                """,
                "CREATE INDEX scim_group_members_user ON scim_group_members (tenant, user_id)",
                """
                CREATE TABLE scim_tokens (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    id TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    description TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    revoked_at BIGINT,
                    PRIMARY KEY (tenant, id)
                )
                """,
            ]
        },
        // Webhooks (issue 16): each tenant's endpoints (the signing secret sealed with the key-encryption key) and the
        // outbox of deliveries, written in the transaction of the change they report. `payload` is the body exactly
        // as signed; `disabled` is 0 or 1. (Version 12 belongs to SCIM.)
        Migration(version: 13, name: "webhooks") { _ in
            [
                """
                CREATE TABLE webhook_endpoints (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    id TEXT NOT NULL,
                    url TEXT NOT NULL,
                    event_types TEXT NOT NULL,
                    sealed_secret TEXT NOT NULL,
                    description TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    created_by TEXT NOT NULL,
                    disabled BIGINT NOT NULL DEFAULT 0,
                    PRIMARY KEY (tenant, id)
                )
                """,
                """
                CREATE TABLE webhook_deliveries (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    id TEXT NOT NULL,
                    endpoint_id TEXT NOT NULL,
                    event_type TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    status TEXT NOT NULL,
                    attempts BIGINT NOT NULL,
                    next_attempt_at BIGINT NOT NULL,
                    last_attempt_at BIGINT,
                    last_http_status BIGINT,
                    last_error TEXT,
                    created_at BIGINT NOT NULL,
                    scheduled_at BIGINT NOT NULL,
                    delivered_at BIGINT,
                    PRIMARY KEY (tenant, id)
                )
                """,
                "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)",
                "CREATE INDEX webhook_deliveries_log ON webhook_deliveries (tenant, created_at, id)",
            ]
        },
        // Owners who leave (issue 16): an identity's orphaning and its grace period, graduation links, and findings.
        // At most one finding of a kind is open per subject (the partial unique index). Version 15 and 16 belong to
        // the directory settings and expiry notices.
        Migration(version: 14, name: "lifecycle") { _ in
            [
                "ALTER TABLE identities ADD COLUMN orphaned_at BIGINT",
                "ALTER TABLE identities ADD COLUMN orphan_grace_ends_at BIGINT",
                "ALTER TABLE identities ADD COLUMN graduated_from TEXT",
                "ALTER TABLE identities ADD COLUMN graduated_to TEXT",
                "CREATE INDEX identities_orphan_grace ON identities (status, orphan_grace_ends_at)",
                """
                CREATE TABLE findings (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    details TEXT NOT NULL,
                    status TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    resolved_at BIGINT,
                    resolution TEXT,
                    PRIMARY KEY (tenant, id)
                )
                """,
                "CREATE UNIQUE INDEX findings_open ON findings (tenant, subject, kind) WHERE status = 'open'",
                "CREATE INDEX findings_list ON findings (tenant, created_at, id)",
                // Offboarding ends an identity's open tasks.
                "CREATE INDEX tasks_identity ON tasks (tenant, identity_id, ended_at)",
            ]
        },
        // Owners from the directory (issue 16): whether a tenant's identities must be owned by active people of its SCIM
        // directory (`optional` or `required`). Versions 14 and 16 belong to the leaver cascade and expiry notices.
        Migration(version: 15, name: "tenant_owner_directory") { _ in
            ["ALTER TABLE tenants ADD COLUMN owner_directory TEXT NOT NULL DEFAULT 'optional'"]
        },
        // Expiry notices (issue 16): one row per identity, expiry and lead told, written in the transaction that queues
        // the `identity.expiring` webhook, so a notice is sent once; an extension (a new `expires_at`) makes new ones
        // due. The index serves the notice job's per-tenant look-up of identities nearing expiry. (Versions 14 and 15
        // belong to the leaver cascade and another part of issue 16.) Also the previous secret of a rotated webhook endpoint.
        Migration(version: 16, name: "expiry_notices_and_webhook_rotation") { _ in
            [
                """
                CREATE TABLE expiry_notices (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    identity_id TEXT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    lead_seconds BIGINT NOT NULL,
                    sent_at BIGINT NOT NULL,
                    PRIMARY KEY (tenant, identity_id, expires_at, lead_seconds)
                )
                """,
                "CREATE INDEX identities_expiring ON identities (tenant, status, expires_at)",
                // Webhook secret rotation: the secret before the last rotation (sealed) and until when it still signs.
                "ALTER TABLE webhook_endpoints ADD COLUMN previous_sealed_secret TEXT",
                "ALTER TABLE webhook_endpoints ADD COLUMN previous_secret_expires_at BIGINT",
            ]
        },
        // Entitlements (issue 17): access granted beyond the policies, each with its tier, expiry, origin and end.
        // Rows are never deleted (history). `entitlements_live` serves the decision point's per-tenant load and the
        // sweeper's expiry pass; `entitlements_list` the newest-first pages.
        Migration(version: 17, name: "entitlements") { _ in
            [
                """
                CREATE TABLE entitlements (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    id TEXT NOT NULL,
                    principal TEXT NOT NULL,
                    tier TEXT NOT NULL,
                    actions TEXT NOT NULL,
                    resource TEXT NOT NULL,
                    scopes TEXT NOT NULL,
                    grantor TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    request_id TEXT,
                    task_id TEXT,
                    single_use BOOLEAN NOT NULL,
                    break_glass BOOLEAN NOT NULL,
                    status TEXT NOT NULL,
                    ended_at BIGINT,
                    ended_by TEXT,
                    end_reason TEXT,
                    last_used_at BIGINT,
                    last_certified_at BIGINT,
                    PRIMARY KEY (tenant, id)
                )
                """,
                "CREATE INDEX entitlements_live ON entitlements (status, expires_at)",
                "CREATE INDEX entitlements_list ON entitlements (tenant, created_at, id)",
                "CREATE INDEX entitlements_task ON entitlements (tenant, task_id)",
            ]
        },
        // Access requests (issue 17): the request value as JSON, with the columns lists and the expiry pass filter on,
        // and a revision every change compares and sets (two approvers or an approval and an expiry racing: one wins).
        Migration(version: 18, name: "access_requests") { _ in
            [
                """
                CREATE TABLE access_requests (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    identity_id TEXT NOT NULL,
                    requester TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    revision BIGINT NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (tenant, id)
                )
                """,
                "CREATE INDEX access_requests_list ON access_requests (tenant, created_at, id)",
                "CREATE INDEX access_requests_due ON access_requests (status, expires_at)",
            ]
        },
        // Break-glass (issue 17): emergency access opened without approval, with its entitlement and its after-review.
        // Rows are never deleted (history). `break_glass_due` serves the sweeper's overdue pass; `break_glass_list`
        // the newest-first pages.
        Migration(version: 19, name: "break_glass") { _ in
            [
                """
                CREATE TABLE break_glass (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    id TEXT NOT NULL,
                    entitlement_id TEXT NOT NULL,
                    identity_id TEXT NOT NULL,
                    opener TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    incident TEXT NOT NULL,
                    opened_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    review_due_at BIGINT NOT NULL,
                    closed_at BIGINT,
                    closed_by TEXT,
                    review TEXT NOT NULL,
                    reviewed_by TEXT,
                    reviewed_at BIGINT,
                    review_note TEXT,
                    PRIMARY KEY (tenant, id)
                )
                """,
                "CREATE INDEX break_glass_due ON break_glass (review, review_due_at)",
                "CREATE INDEX break_glass_list ON break_glass (tenant, opened_at, id)",
            ]
        },
        // Recertification campaigns (issue 17): a campaign and one item per identity or entitlement to re-certify.
        // Rows are never deleted (history). `review_campaigns_due` serves the sweeper; `review_items_campaign` a
        // campaign's items by id.
        Migration(version: 20, name: "review_campaigns") { _ in
            [
                """
                CREATE TABLE review_campaigns (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    deadline BIGINT NOT NULL,
                    on_undecided TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    created_by TEXT NOT NULL,
                    status TEXT NOT NULL,
                    closed_at BIGINT,
                    reminded_at BIGINT,
                    PRIMARY KEY (tenant, id)
                )
                """,
                "CREATE INDEX review_campaigns_due ON review_campaigns (status, deadline)",
                "CREATE INDEX review_campaigns_list ON review_campaigns (tenant, created_at, id)",
                """
                CREATE TABLE review_items (
                    tenant TEXT NOT NULL,
                    id TEXT NOT NULL,
                    campaign TEXT NOT NULL,
                    subject_kind TEXT NOT NULL,
                    subject_id TEXT NOT NULL,
                    identity TEXT NOT NULL,
                    reviewer TEXT NOT NULL,
                    deadline BIGINT NOT NULL,
                    on_undecided TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    last_used_at BIGINT,
                    unused_30d TEXT NOT NULL,
                    unused_90d TEXT NOT NULL,
                    decision TEXT,
                    decided_by TEXT,
                    decided_at BIGINT,
                    reason TEXT,
                    undecided_action TEXT,
                    PRIMARY KEY (tenant, id),
                    FOREIGN KEY (tenant, campaign) REFERENCES review_campaigns (tenant, id)
                )
                """,
                "CREATE INDEX review_items_campaign ON review_items (tenant, campaign, id)",
            ]
        },
        // Leak intake (issue 18): one row per tenant and reported token hash (the raw token is never stored), so a
        // report of the same token again finds the first one. `tenant` has no foreign key: the server-wide GitHub door
        // records tokens it does not know under the empty tenant. `leak_reports_list` serves the newest-first pages.
        // `leak_door_tokens` holds the hashes of the bearers of each tenant's GitLab-shaped door (`lyrvk_…`).
        Migration(version: 21, name: "leak_reports") { _ in
            [
                """
                CREATE TABLE leak_reports (
                    tenant TEXT NOT NULL,
                    id TEXT NOT NULL,
                    token_hash TEXT NOT NULL,
                    door TEXT NOT NULL,
                    reported_type TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    location TEXT,
                    source TEXT,
                    received_at BIGINT NOT NULL,
                    revoked_at BIGINT,
                    revoke_ms BIGINT,
                    outcome TEXT NOT NULL,
                    identity_id TEXT,
                    credential_id TEXT,
                    revoked_count BIGINT NOT NULL,
                    PRIMARY KEY (tenant, id),
                    UNIQUE (tenant, token_hash)
                )
                """,
                "CREATE INDEX leak_reports_list ON leak_reports (tenant, received_at, id)",
                """
                CREATE TABLE leak_door_tokens (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    id TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    description TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    created_by TEXT NOT NULL,
                    revoked_at BIGINT,
                    PRIMARY KEY (tenant, id)
                )
                """,
            ]
        },
        // Each tenant's access policy (issue 17): approvals and caps per tier, auto-approval policies. One row per tenant
        // that set one, replaced as a whole; `body` is the JSON of the value, `version` counts the changes.
        Migration(version: 22, name: "access_policies") { _ in
            [
                """
                CREATE TABLE access_policies (
                    tenant TEXT NOT NULL PRIMARY KEY REFERENCES tenants(name),
                    version BIGINT NOT NULL,
                    body TEXT NOT NULL
                )
                """
            ]
        },
        // Scheduled recertification campaigns (issue 17): each row starts a campaign at `next_run_at` (the sweeper moves it
        // on with a compare-and-set on that column). `body` is the JSON of the value.
        Migration(version: 23, name: "review_schedules") { _ in
            [
                """
                CREATE TABLE review_schedules (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    id TEXT NOT NULL,
                    next_run_at BIGINT NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (tenant, id)
                )
                """,
                "CREATE INDEX review_schedules_due ON review_schedules (next_run_at)",
            ]
        },
        // Findings with a workflow and evidence (issue 19): the identity and owner a finding concerns, the audit events
        // behind it, acknowledgement and suppression (with a reason, until a date). One unresolved finding of a kind per
        // subject (open, acknowledged or suppressed), so the partial unique index widens. `finding_cursors` keeps how
        // far each detector that follows the audit log has read a tenant's log.
        Migration(version: 24, name: "findings_workflow") { _ in
            [
                "ALTER TABLE findings ADD COLUMN identity_id TEXT",
                "ALTER TABLE findings ADD COLUMN owner TEXT",
                "ALTER TABLE findings ADD COLUMN evidence TEXT NOT NULL DEFAULT '[]'",
                "ALTER TABLE findings ADD COLUMN updated_at BIGINT",
                "ALTER TABLE findings ADD COLUMN acknowledged_at BIGINT",
                "ALTER TABLE findings ADD COLUMN acknowledged_by TEXT",
                "ALTER TABLE findings ADD COLUMN suppressed_until BIGINT",
                "ALTER TABLE findings ADD COLUMN suppress_reason TEXT",
                "UPDATE findings SET updated_at = COALESCE(resolved_at, created_at)",
                "UPDATE findings SET identity_id = substr(subject, 10) WHERE subject LIKE 'identity:%'",
                "DROP INDEX findings_open",
                "CREATE UNIQUE INDEX findings_unresolved ON findings (tenant, subject, kind) WHERE status <> 'resolved'",
                "CREATE INDEX findings_suppressed ON findings (status, suppressed_until)",
                """
                CREATE TABLE finding_cursors (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    detector TEXT NOT NULL,
                    seq BIGINT NOT NULL,
                    PRIMARY KEY (tenant, detector)
                )
                """,
            ]
        },
        Migration(version: 25, name: "console") { _ in
            [
                """
                CREATE TABLE console_sso (
                    tenant TEXT PRIMARY KEY REFERENCES tenants(name),
                    issuer TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    client_auth TEXT NOT NULL,
                    sealed_secret TEXT,
                    roles TEXT NOT NULL,
                    groups_claim TEXT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    updated_by TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE console_signins (
                    state_hash TEXT PRIMARY KEY,
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    sealed_secrets TEXT NOT NULL,
                    return_to TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX console_signins_age ON console_signins (created_at)",
                """
                CREATE TABLE console_sessions (
                    id_hash TEXT PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    method TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    email TEXT NOT NULL,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    last_seen_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    ended_at BIGINT
                )
                """,
            ]
        },
        // The MCP gateway (issue 21): each tenant's registered upstream servers, by name. `tool_annotations_trusted` is
        // 0 or 1.
        Migration(version: 26, name: "mcp_servers") { _ in
            [
                """
                CREATE TABLE mcp_servers (
                    tenant TEXT NOT NULL REFERENCES tenants(name),
                    name TEXT NOT NULL,
                    url TEXT NOT NULL,
                    tool_annotations_trusted BIGINT NOT NULL DEFAULT 0,
                    created_at BIGINT NOT NULL,
                    created_by TEXT NOT NULL,
                    PRIMARY KEY (tenant, name)
                )
                """
            ]
        },
        // SQLite: each appended leaf moves its tenant's head to its sequence number (never back), so a batch made only
        // of audit events is one autocommitted INSERT (``SQLiteBackend/appendLogAlone(_:leaves:)``) and the head stays
        // right. Writers that move the head first (the transaction path; older binaries) see no change: the head is
        // already there. PostgreSQL keeps the counter update, which also serialises its concurrent writers.
        Migration(version: 27, name: "audit_heads_follow_the_log") { engine in
            guard engine == .sqlite else { return [] }
            return [
                """
                CREATE TRIGGER audit_heads_follow_the_log AFTER INSERT ON audit_log
                BEGIN
                    INSERT INTO audit_heads (tenant, size) VALUES (NEW.tenant, NEW.seq)
                    ON CONFLICT (tenant) DO UPDATE SET size = max(size, excluded.size);
                END
                """
            ]
        },
    ]

    /// Applies every migration not yet recorded. Concurrent starters are serialised by the transaction
    /// (SQLite's write lock; a PostgreSQL advisory lock).
    static func apply(_ backend: any SQLBackend) async throws {
        let engine = backend.engine
        try await backend.withTransaction { db in
            if engine == .postgres {
                try await db.raw("SELECT pg_advisory_xact_lock(7413320001)").run()
            }
            try await db.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"
            ).run()
            let rows = try await db.raw("SELECT version FROM schema_migrations").all()
            let applied = Set(try rows.map { try $0.decode(column: "version", as: Int64.self) })
            for migration in all where !applied.contains(migration.version) {
                for statement in migration.statements(engine) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                let now = Int64(Date().timeIntervalSince1970)
                try await db.raw(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: now))"
                ).run()
            }
        }
    }
}
