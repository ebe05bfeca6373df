public import Foundation
public import LanyardModel

extension WebhookEvent {
    /// A break-glass event (`breakglass.opened`, `breakglass.overdue`): the record, and for the people told at once
    /// the identity, its owner, the opener, the incident, the reason, when the access ends and when the review is due.
    public static func breakGlass(_ type: WebhookEventType, _ record: BreakGlass, owner: String, at: Date) -> WebhookEvent {
        func time(_ date: Date) -> JSONValue { .string(RFC3339Seconds.format(Int64(date.timeIntervalSince1970))) }
        let object: JSONObject = [
            "breakGlass": LanyardJSON.value(of: record) ?? .null,
            "identity": .string(record.identity),
            "owner": .string(owner),
            "opener": .string(record.opener),
            "incident": .string(record.incident),
            "reason": .string(record.reason),
            "expiresAt": time(record.expiresAt),
            "reviewDueAt": time(record.reviewDueAt),
        ]
        return WebhookEvent(type: type, tenant: record.tenant, occurredAt: at, data: .object(object))
    }
}
