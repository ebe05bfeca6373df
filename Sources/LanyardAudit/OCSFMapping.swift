public import LanyardModel

/// Audit events as OCSF 1.1 events (for SIEM ingestion): credential issuance and refusal as **Authentication**
/// (class 3002, category 3 Identity & Access Management, activity 3 "Authentication Ticket"; console sign-ins 1
/// "Logon" and sign-outs 2 "Logoff"), every other event as
/// **API Activity** (class 6003, category 6 Application Activity; activity 1 Create, 4 Delete, 3 Update, or 99
/// Other, per ``classify(_:)``). `type_uid` is `class_uid × 100 + activity_id`. The Lanyard event itself stays
/// under `unmapped`, and `metadata.uid` is its sequence number, so an OCSF record can be traced back to its leaf.
public enum OCSFMapping {
    /// The OCSF schema version written in `metadata.version`.
    public static let version = "1.1.0"

    /// The OCSF class of an action: **Authentication** or **API Activity**.
    public enum EventClass: Int, Sendable, Hashable {
        /// Authentication (3002), category 3 Identity & Access Management.
        case authentication = 3002
        /// API Activity (6003), category 6 Application Activity.
        case apiActivity = 6003

        /// The OCSF `category_uid`.
        public var category: Int { self == .authentication ? 3 : 6 }
    }

    /// The OCSF activities used.
    public enum Activity: Sendable, Hashable {
        /// API Activity: Create (1).
        case create
        /// API Activity: Update (3).
        case update
        /// API Activity: Delete (4).
        case delete
        /// Authentication: Authentication Ticket (3).
        case authenticationTicket
        /// Authentication: Logon (1) — a console sign-in, or one refused.
        case logon
        /// Authentication: Logoff (2) — a console sign-out.
        case logoff
        /// Other (99).
        case other

        /// The number written in `activity_id`.
        public var id: Int {
            switch self {
            case .create, .logon: 1
            case .logoff: 2
            case .update, .authenticationTicket: 3
            case .delete: 4
            case .other: 99
            }
        }
    }

    /// The class and activity of a catalogued action. Credential issuance and refusal are authentication tickets;
    /// every other action is API activity: created, updated, deleted, or other.
    public static func classify(_ action: AuditAction) -> (eventClass: EventClass, activity: Activity) {
        switch action {
        case .credentialIssue, .credentialRefuse:
            return (.authentication, .authenticationTicket)
        case .consoleSignIn, .consoleSignInRefuse:
            return (.authentication, .logon)
        case .consoleSignOut:
            return (.authentication, .logoff)
        case .ssoSet:
            return (.apiActivity, .update)
        case .ssoRemove:
            return (.apiActivity, .delete)
        case .tenantCreate, .adminTokenCreate, .spiffeCACreate, .identityRegister, .templateCreate, .webhookAdd, .scimUserCreate,
            .scimGroupCreate, .scimTokenCreate, .entitlementGrant, .accessRequestCreate, .breakGlassOpen, .reviewStart,
            .reviewScheduleCreate, .leakTokenCreate, .findingRaise, .mcpServerAdd:
            return (.apiActivity, .create)
        case .tenantSettings, .keysRotate, .spiffeCARenew, .identityExtend, .identitySuspend, .identityResume, .scimUserUpdate,
            .scimGroupUpdate, .identityOrphan, .identityTransfer, .identityGraduate, .webhookDisable, .webhookEnable, .webhookRotateSecret,
            .accessRequestApprove, .accessRequestDeny, .accessRequestCancel, .accessRequestExpire, .breakGlassClose, .breakGlassReview,
            .breakGlassOverdue, .reviewDecide, .reviewClose, .accessPolicySet, .identityCompromise, .findingResolve, .findingAcknowledge,
            .findingSuppress, .findingReopen:
            return (.apiActivity, .update)
        case .adminTokenRevoke, .identityOffboard, .identityExpire, .credentialRevoke, .taskExpire, .entitiesDelete, .webhookDelete,
            .scimUserDelete, .scimGroupDelete, .scimTokenRevoke, .entitlementRevoke, .entitlementEnd, .reviewScheduleDelete, .leakTokenRevoke,
            .mcpServerRemove:
            return (.apiActivity, .delete)
        case .adminDeny, .adminPolicyPush, .identityTrustAdd, .identityTrustRemove, .ownerActivate, .ownerDeactivate,
            .credentialExchange, .credentialFederate, .svidRefuse, .taskOpen, .taskEnd, .policyPush, .policyLink,
            .policyUnlink, .policyRollback, .policyTest, .entitiesUpsert, .entitiesReplace, .authzEvaluation,
            .authzEvaluations, .authzSearch, .webhookRedeliver, .identityExpiryNotice, .webhookTest, .accessRequestRefuse,
            .leakReport, .leakRefuse, .findingRemediate, .mcpCall, .mcpResult, .mcpList, .mcpRefuse:
            return (.apiActivity, .other)
        }
    }

    /// The OCSF event of `event`. An action outside the catalogue (from a log written by another version) is API
    /// activity "Other".
    public static func event(_ event: AuditEvent) -> JSONValue {
        let known = AuditAction(rawValue: event.action)
        let (eventClass, activityKind) = known.map(classify) ?? (.apiActivity, .other)
        let authentication = eventClass == .authentication
        let classUID = Int64(eventClass.rawValue)
        let activity = Int64(activityKind.id)
        let failed = known?.isRefusal == true || event.details["decision"] == "deny"
        var object: JSONObject = [
            "class_uid": .int(classUID),
            "category_uid": .int(Int64(eventClass.category)),
            "activity_id": .int(activity),
            "type_uid": .int(classUID &* 100 &+ activity),
            "time": .number(JSONNumber(Double(event.atSeconds) * 1000)),
            "severity_id": .number(failed ? 3 : 1),
            "status_id": .number(failed ? 2 : 1),
            "message": .string("\(event.actor) \(event.action) \(event.target)"),
            "actor": .object(["user": .object(["uid": .string(event.actor)])]),
            "metadata": .object([
                "version": .string(version), "uid": .string(String(event.sequence)), "tenant_uid": .string(event.tenant),
                "product": .object(["name": .string("Lanyard"), "vendor_name": .string("Lanyard")]),
            ]),
            "unmapped": .object([
                "lanyard_action": .string(event.action), "lanyard_target": .string(event.target),
                "lanyard_details": .object(JSONObject(event.details.mapValues(JSONValue.string))),
            ]),
        ]
        if authentication {
            object["user"] = .object(["uid": .string(event.details["identity"] ?? event.target)])
            object["service"] = .object(["name": .string(event.details["aud"] ?? "")])
        } else {
            object["api"] = .object(["operation": .string(event.action)])
            object["resources"] = .array([.object(["uid": .string(event.target)])])
            object["src_endpoint"] = .object(["name": .string(event.actor)])
        }
        return .object(object)
    }
}
