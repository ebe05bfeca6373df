/// A control (or risk) of a published framework, by its exact ID and title.
public struct FrameworkControl: Sendable, Hashable, Codable {
    /// The framework: `OWASP-NHI-2025`, `OWASP-ASI-2026`, `NIST-CSF-2.0`, `NIST-SP-800-63-4`, `NIST-SP-800-207`,
    /// `NIST-AI-RMF-1.0`, `CSA-MAESTRO`.
    public var framework: String
    /// `NHI1:2025`, `ASI03`, `PR.AA-05`, …
    public var id: String
    public var title: String

    public init(framework: String, id: String, title: String) {
        self.framework = framework
        self.id = id
        self.title = title
    }

    public static let owaspNHI = "OWASP-NHI-2025"
    public static let owaspAgentic = "OWASP-ASI-2026"
    public static let nistCSF = "NIST-CSF-2.0"
    public static let nist80063 = "NIST-SP-800-63-4"
    public static let nist800207 = "NIST-SP-800-207"
    public static let nistAIRMF = "NIST-AI-RMF-1.0"
    public static let csaMAESTRO = "CSA-MAESTRO"

    /// Every control findings and the posture report name, by ID (titles verbatim from the frameworks).
    public static let catalogue: [String: FrameworkControl] = {
        var all: [String: FrameworkControl] = [:]
        for control in list { all[control.id] = control }
        return all
    }()

    /// The controls in catalogue order.
    public static let list: [FrameworkControl] =
        [
            .init(framework: owaspNHI, id: "NHI1:2025", title: "Improper Offboarding"),
            .init(framework: owaspNHI, id: "NHI2:2025", title: "Secret Leakage"),
            .init(framework: owaspNHI, id: "NHI3:2025", title: "Vulnerable Third-Party NHI"),
            .init(framework: owaspNHI, id: "NHI4:2025", title: "Insecure Authentication"),
            .init(framework: owaspNHI, id: "NHI5:2025", title: "Overprivileged NHI"),
            .init(framework: owaspNHI, id: "NHI6:2025", title: "Insecure Cloud Deployment Configurations"),
            .init(framework: owaspNHI, id: "NHI7:2025", title: "Long-Lived Secrets"),
            .init(framework: owaspNHI, id: "NHI8:2025", title: "Environment Isolation"),
            .init(framework: owaspNHI, id: "NHI9:2025", title: "NHI Reuse"),
            .init(framework: owaspNHI, id: "NHI10:2025", title: "Human Use of NHI"),
            .init(framework: owaspAgentic, id: "ASI01", title: "Agent Goal Hijack"),
            .init(framework: owaspAgentic, id: "ASI02", title: "Tool Misuse and Exploitation"),
            .init(framework: owaspAgentic, id: "ASI03", title: "Identity and Privilege Abuse"),
            .init(framework: owaspAgentic, id: "ASI04", title: "Agentic Supply Chain Vulnerabilities"),
            .init(framework: owaspAgentic, id: "ASI05", title: "Unexpected Code Execution"),
            .init(framework: owaspAgentic, id: "ASI06", title: "Memory & Context Poisoning"),
            .init(framework: owaspAgentic, id: "ASI07", title: "Insecure Inter-Agent Communication"),
            .init(framework: owaspAgentic, id: "ASI08", title: "Cascading Failures"),
            .init(framework: owaspAgentic, id: "ASI09", title: "Human-Agent Trust Exploitation"),
            .init(framework: owaspAgentic, id: "ASI10", title: "Rogue Agents"),
            .init(
                framework: nistCSF, id: "PR.AA-01",
                title: "Identities and credentials for authorized users, services, and hardware are managed by the organization"),
            .init(framework: nistCSF, id: "PR.AA-02", title: "Identities are proofed and bound to credentials based on the context of interactions"),
            .init(framework: nistCSF, id: "PR.AA-03", title: "Users, services, and hardware are authenticated"),
            .init(framework: nistCSF, id: "PR.AA-04", title: "Identity assertions are protected, conveyed, and verified"),
            .init(
                framework: nistCSF, id: "PR.AA-05",
                title:
                    "Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties"
            ),
        ] + postureList

    /// The controls of the frameworks only the posture report maps to: NIST SP 800-63-4 (by volume), NIST SP 800-207
    /// (the tenets of its section 2.1), NIST AI RMF 1.0 (the subcategories used) and CSA MAESTRO (the layers used).
    static let postureList: [FrameworkControl] = [
        .init(framework: nist80063, id: "SP800-63B-4", title: "Authentication and Authenticator Management"),
        .init(framework: nist80063, id: "SP800-63C-4", title: "Federation and Assertions"),
        .init(framework: nist800207, id: "SP800-207-T3", title: "Access to individual enterprise resources is granted on a per-session basis."),
        .init(
            framework: nist800207, id: "SP800-207-T4",
            title:
                "Access to resources is determined by dynamic policy—including the observable state of client identity, application/service, and the requesting asset—and may include other behavioral and environmental attributes."
        ),
        .init(
            framework: nist800207, id: "SP800-207-T5",
            title: "The enterprise monitors and measures the integrity and security posture of all owned and associated assets."),
        .init(
            framework: nist800207, id: "SP800-207-T6",
            title: "All resource authentication and authorization are dynamic and strictly enforced before access is allowed."),
        .init(
            framework: nist800207, id: "SP800-207-T7",
            title:
                "The enterprise collects as much information as possible about the current state of assets, network infrastructure and communications and uses it to improve its security posture."
        ),
        .init(
            framework: nistAIRMF, id: "GOVERN 1.5",
            title:
                "Ongoing monitoring and periodic review of the risk management process and its outcomes are planned and organizational roles and responsibilities clearly defined, including determining the frequency of periodic review."
        ),
        .init(
            framework: nistAIRMF, id: "GOVERN 1.6",
            title: "Mechanisms are in place to inventory AI systems and are resourced according to organizational risk priorities."),
        .init(
            framework: nistAIRMF, id: "GOVERN 1.7",
            title:
                "Processes and procedures are in place for decommissioning and phasing out AI systems safely and in a manner that does not increase risks or decrease the organization’s trustworthiness."
        ),
        .init(
            framework: nistAIRMF, id: "GOVERN 2.1",
            title:
                "Roles and responsibilities and lines of communication related to mapping, measuring, and managing AI risks are documented and are clear to individuals and teams throughout the organization."
        ),
        .init(
            framework: nistAIRMF, id: "MEASURE 2.4",
            title: "The functionality and behavior of the AI system and its components – as identified in the MAP function – are monitored when in production."
        ),
        .init(
            framework: nistAIRMF, id: "MEASURE 2.7",
            title: "AI system security and resilience – as identified in the MAP function – are evaluated and documented."),
        .init(
            framework: nistAIRMF, id: "MANAGE 2.4",
            title:
                "Mechanisms are in place and applied, and responsibilities are assigned and understood, to supersede, disengage, or deactivate AI systems that demonstrate performance or outcomes inconsistent with intended use."
        ),
        .init(
            framework: nistAIRMF, id: "MANAGE 4.1",
            title:
                "Post-deployment AI system monitoring plans are implemented, including mechanisms for capturing and evaluating input from users and other relevant AI actors, appeal and override, decommissioning, incident response, recovery, and change management."
        ),
        .init(
            framework: nistAIRMF, id: "MANAGE 4.3",
            title:
                "Incidents and errors are communicated to relevant AI actors, including affected communities. Processes for tracking, responding to, and recovering from incidents and errors are followed and documented."
        ),
        .init(framework: csaMAESTRO, id: "MAESTRO-L3", title: "Agent Frameworks"),
        .init(framework: csaMAESTRO, id: "MAESTRO-L4", title: "Deployment and Infrastructure"),
        .init(framework: csaMAESTRO, id: "MAESTRO-L5", title: "Evaluation and Observability"),
        .init(framework: csaMAESTRO, id: "MAESTRO-L6", title: "Security and Compliance"),
        .init(framework: csaMAESTRO, id: "MAESTRO-L7", title: "Agent Ecosystem"),
    ]
}
