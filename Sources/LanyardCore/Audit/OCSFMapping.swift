public import LanyardModel

/// Audit events as OCSF 1.1 events (for SIEM ingestion): credential issuance and refusal as **Authentication**
/// (class 3002, category 3 Identity & Access Management, activity 3 "Authentication Ticket"), every other event as
/// **API Activity** (class 6003, category 6 Application Activity; activity 1 Create, 4 Delete, 3 Update, or 99
/// Other by the action's verb). `type_uid` is `class_uid × 100 + activity_id`. The Lanyard event itself stays
/// under `unmapped`, and `metadata.uid` is its sequence number, so an OCSF record can be traced back to its leaf.
public enum OCSFMapping {
    /// The OCSF schema version written in `metadata.version`.
    public static let version = "1.1.0"

    /// The OCSF event of `event`.
    public static func event(_ event: AuditEvent) -> JSONValue {
        let verb = event.action.split(separator: ".").last.map(String.init) ?? event.action
        let authentication = event.action == "credential.issue" || event.action == "credential.refuse"
        let classUID: Double = authentication ? 3002 : 6003
        let activity: Double
        if authentication {
            activity = 3
        } else {
            switch verb {
            case "create", "register", "issue", "provision": activity = 1
            case "delete", "revoke", "offboard", "expire": activity = 4
            case "extend", "suspend", "resume", "rotate", "update": activity = 3
            default: activity = 99
            }
        }
        let failed = event.action.hasSuffix(".refuse") || event.details["decision"] == "deny"
        var object: [String: JSONValue] = [
            "class_uid": .number(classUID),
            "category_uid": .number(authentication ? 3 : 6),
            "activity_id": .number(activity),
            "type_uid": .number(classUID * 100 + activity),
            "time": .number(Double(event.atSeconds) * 1000),
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
                "lanyard_details": .object(event.details.mapValues(JSONValue.string)),
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
