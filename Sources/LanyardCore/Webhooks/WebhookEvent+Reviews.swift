public import Foundation
public import LanyardModel

extension WebhookEvent {
    /// A review campaign event (`review.started`, `review.closed`): the campaign as it is now and its report.
    public static func review(_ type: WebhookEventType, _ campaign: ReviewCampaign, report: CampaignReport, at: Date) -> WebhookEvent {
        WebhookEvent(
            type: type, tenant: campaign.tenant, occurredAt: at,
            data: .object(["campaign": LanyardJSON.value(of: campaign) ?? .null, "report": LanyardJSON.value(of: report) ?? .null]))
    }
}
