public import Foundation
public import LanyardAPI
public import LanyardModel

/// The policy history: every version newest first, and a form that validates Cedar text without saving it (POST
/// `{basePath}/policies/validate` with `policies`, `guardrails`, `schema`).
public struct PoliciesView: Sendable {
    public var versions: [PolicyVersionSummary]
    /// The version in force.
    public var current: Int
    public var nextCursor: String?
    /// Whether the caller may validate (shows the form).
    public var canValidate: Bool
    /// The texts last validated, shown again in the form.
    public var candidate: ValidatePoliciesRequest
    /// The answer of the last validation, when the page answers one.
    public var validation: PolicyValidation?

    /// Creates the policies page's content.
    public init(
        versions: [PolicyVersionSummary], current: Int, nextCursor: String? = nil, canValidate: Bool = false,
        candidate: ValidatePoliciesRequest = ValidatePoliciesRequest(), validation: PolicyValidation? = nil
    ) {
        self.versions = versions
        self.current = current
        self.nextCursor = nextCursor
        self.canValidate = canValidate
        self.candidate = candidate
        self.validation = validation
    }
}

/// One policy version: its documents and links, a line diff against another version (GET `?compare=N`), and a form
/// that tries one request against it (POST `{basePath}/policies/{version}/try`).
public struct PolicyVersionView: Sendable {
    public var version: PolicyVersion
    /// The version in force.
    public var current: Int
    /// The version compared with, when one is.
    public var compared: PolicyVersion?
    /// Whether the caller may try requests (shows the form).
    public var canTry: Bool
    /// The request last tried, shown again in the form.
    public var trial: PolicyTrial
    /// The answer of the last try, when the page answers one.
    public var trialResult: PolicyTrialResult?

    /// Creates the version page's content.
    public init(
        version: PolicyVersion, current: Int, compared: PolicyVersion? = nil, canTry: Bool = false, trial: PolicyTrial = PolicyTrial(),
        trialResult: PolicyTrialResult? = nil
    ) {
        self.version = version
        self.current = current
        self.compared = compared
        self.canTry = canTry
        self.trial = trial
        self.trialResult = trialResult
    }
}

/// A request to try against a policy version, as the form holds it: an AuthZEN subject, action, resource and context.
public struct PolicyTrial: Sendable, Hashable {
    public var subjectType: String
    public var subjectID: String
    public var action: String
    public var resourceType: String
    public var resourceID: String
    /// The context as JSON object text (may be empty).
    public var context: String

    public init(
        subjectType: String = "Lanyard::Identity", subjectID: String = "", action: String = "", resourceType: String = "", resourceID: String = "",
        context: String = ""
    ) {
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.action = action
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.context = context
    }
}

/// What the decision point answered to a tried request.
public struct PolicyTrialResult: Sendable, Hashable {
    /// The decision; nil when the request could not be evaluated (see ``error``).
    public var allowed: Bool?
    /// The policies that determined it.
    public var policies: [String]
    /// Why Lanyard refused before the policies (an inactive identity, say).
    public var refusal: String?
    public var error: String?

    public init(allowed: Bool?, policies: [String] = [], refusal: String? = nil, error: String? = nil) {
        self.allowed = allowed
        self.policies = policies
        self.refusal = refusal
        self.error = error
    }
}
