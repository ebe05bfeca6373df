public import Foundation
public import LanyardModel

extension WebhookEvent {
    /// `credential.leaked`: the report (door, what the token was, where it was found, its hash — never the token), the
    /// identity as it is now and its owner (who must act), and the credentials revoked with it.
    public static func credentialLeaked(_ report: LeakReport, identity: Identity?, credentials: [String], at: Date) -> WebhookEvent {
        let object: JSONObject = [
            "report": LanyardJSON.value(of: report) ?? .null,
            "identity": identity.flatMap { LanyardJSON.value(of: $0) } ?? .null,
            "owner": identity.map { JSONValue.string($0.owner) } ?? .null,
            "credentials": .array(credentials.prefix(100).map(JSONValue.string)),
            "revokedCount": .int(Int64(credentials.count)),
        ]
        return WebhookEvent(type: .credentialLeaked, tenant: report.tenant, occurredAt: at, data: .object(object))
    }
}
