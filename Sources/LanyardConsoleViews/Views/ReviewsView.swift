public import Foundation
public import LanyardModel

/// The list of recertification campaigns, newest first.
public struct CampaignsView: Sendable {
    public var campaigns: [ReviewCampaign]
    /// The cursor of the next page, when there is one.
    public var nextCursor: String?
    /// Now, to say how long is left before each open campaign's deadline.
    public var now: Date

    /// Creates the campaigns page's content.
    public init(campaigns: [ReviewCampaign], nextCursor: String? = nil, now: Date) {
        self.campaigns = campaigns
        self.nextCursor = nextCursor
        self.now = now
    }
}

/// One campaign: its report and a page of its items, with one form that certifies or revokes the selected open items
/// together (POST `{basePath}/reviews/{id}/decide` with `decision` = `certify` or `revoke`, `reason`, and one
/// `item.{id}` field per selected item, or `all` for every open item shown).
public struct CampaignView: Sendable {
    /// Which items the page lists.
    public enum Showing: String, Sendable, CaseIterable {
        case open, decided, all
    }

    public var campaign: ReviewCampaign
    public var report: CampaignReport
    public var items: [ReviewItem]
    public var showing: Showing
    /// Identity names by id, to show names instead of ids where known.
    public var identityNames: [String: String]
    /// Whether the caller may decide items (shows the checkboxes and the bulk form).
    public var canDecide: Bool
    public var nextCursor: String?
    /// The outcome of the last bulk decision, to show once.
    public var outcome: BulkOutcome?
    public var now: Date

    /// What one bulk decision did.
    public struct BulkOutcome: Sendable, Hashable {
        public var decision: String
        public var decided: Int
        public var failed: Int

        public init(decision: String, decided: Int, failed: Int) {
            self.decision = decision
            self.decided = decided
            self.failed = failed
        }
    }

    /// Creates the campaign page's content.
    public init(
        campaign: ReviewCampaign, report: CampaignReport, items: [ReviewItem], showing: Showing = .open, identityNames: [String: String] = [:],
        canDecide: Bool = false, nextCursor: String? = nil, outcome: BulkOutcome? = nil, now: Date
    ) {
        self.campaign = campaign
        self.report = report
        self.items = items
        self.showing = showing
        self.identityNames = identityNames
        self.canDecide = canDecide
        self.nextCursor = nextCursor
        self.outcome = outcome
        self.now = now
    }
}
