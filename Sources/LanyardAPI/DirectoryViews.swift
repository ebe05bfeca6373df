public import Foundation

/// A person of the tenant's directory (provisioned over SCIM) as the admin API lists them:
/// `GET /t/{tenant}/v1/users`.
public struct DirectoryUserSummary: Sendable, Hashable, Codable {
    /// Lanyard's id of the person (`usr_…`), the SCIM resource id.
    public var id: String
    /// The identity provider's login name, unique in the tenant without regard to case; the `owner` of the identities
    /// this person owns.
    public var userName: String
    public var externalId: String?
    /// SCIM `displayName`, or `name.formatted` when that is absent.
    public var displayName: String?
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, userName: String, externalId: String?, displayName: String?, active: Bool, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.userName = userName
        self.externalId = externalId
        self.displayName = displayName
        self.active = active
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A page of the directory's people, by userName (without regard to case).
public struct DirectoryUserList: Sendable, Hashable, Codable {
    public var users: [DirectoryUserSummary]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?

    public init(users: [DirectoryUserSummary], next: String? = nil) {
        self.users = users
        self.next = next
    }
}

/// An identity as the directory shows its owner's holdings: its id, name and status.
public struct OwnedIdentity: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var status: String

    public init(id: String, name: String, status: String) {
        self.id = id
        self.name = name
        self.status = status
    }
}

/// One person of the directory in full: `GET /t/{tenant}/v1/users/{user}`.
public struct DirectoryUserView: Sendable, Hashable, Codable {
    public var id: String
    public var userName: String
    public var externalId: String?
    public var displayName: String?
    /// The `value`s of SCIM `emails`, in the order given.
    public var emails: [String]
    public var active: Bool
    /// The display names of the groups the person is a member of, sorted.
    public var groups: [String]
    public var createdAt: Date
    public var updatedAt: Date
    /// The identities whose `owner` is this person's userName, by name: at most ``maximumIdentities``.
    public var identities: [OwnedIdentity]
    /// How many identities this person owns in all (more than `identities` holds when above the maximum).
    public var identityCount: Int

    /// The most identities a person's record lists.
    public static let maximumIdentities = 100

    public init(
        id: String, userName: String, externalId: String?, displayName: String?, emails: [String], active: Bool, groups: [String],
        createdAt: Date, updatedAt: Date, identities: [OwnedIdentity], identityCount: Int
    ) {
        self.id = id
        self.userName = userName
        self.externalId = externalId
        self.displayName = displayName
        self.emails = emails
        self.active = active
        self.groups = groups
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.identities = identities
        self.identityCount = identityCount
    }
}

/// A group of the tenant's directory as the admin API lists them: `GET /t/{tenant}/v1/groups`.
public struct DirectoryGroupSummary: Sendable, Hashable, Codable {
    /// Lanyard's id of the group, the SCIM resource id.
    public var id: String
    /// Unique in the tenant without regard to case; the id of the group's `Lanyard::Group` entity in policies.
    public var displayName: String
    public var externalId: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, displayName: String, externalId: String?, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.displayName = displayName
        self.externalId = externalId
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A page of the directory's groups, by displayName (without regard to case).
public struct DirectoryGroupList: Sendable, Hashable, Codable {
    public var groups: [DirectoryGroupSummary]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?

    public init(groups: [DirectoryGroupSummary], next: String? = nil) {
        self.groups = groups
        self.next = next
    }
}

/// One group in full, with its members: `GET /t/{tenant}/v1/groups/{group}`.
public struct DirectoryGroupView: Sendable, Hashable, Codable {
    public var id: String
    public var displayName: String
    public var externalId: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// The userNames of the members, sorted without regard to case: at most ``maximumMembers``.
    public var members: [String]
    /// How many members the group has in all.
    public var memberCount: Int

    /// The most members a group's record lists.
    public static let maximumMembers = 1000

    public init(
        id: String, displayName: String, externalId: String?, createdAt: Date, updatedAt: Date, members: [String], memberCount: Int
    ) {
        self.id = id
        self.displayName = displayName
        self.externalId = externalId
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.members = members
        self.memberCount = memberCount
    }
}
