import Foundation
public import LanyardModel

/// The catalogue of posture controls, in report order: identity (`LY-ID-…`), authorization (`LY-AZ-…`), observability
/// (`LY-OB-…`) and recovery (`LY-RC-…`). Each control's check is a small pure function of ``PostureFacts``, most of
/// them the detection rules run live over the scoped facts, so a control never waits for the detector's next pass.
/// IDs are stable; `docs/posture.md` documents each.
public enum PostureControls {
    /// Every control.
    public static let all: [PostureControlDefinition] = identity + authorization + observability + recovery

    /// The subjects of `rule`'s detections over `facts`.
    static func detected(_ rule: some DetectionRule, _ facts: PostureFacts, where keep: (Detection) -> Bool = { _ in true }) -> [String] {
        rule.detect(facts.facts).filter(keep).map(\.subject)
    }

    static func subject(_ identity: Identity) -> String { "identity:\(identity.id)" }

    /// `1 identity` / `3 identities`.
    static func count(_ number: Int, _ singular: String, _ plural: String) -> String { "\(number) \(number == 1 ? singular : plural)" }

    static let noIdentities = "No identity in scope."
}
