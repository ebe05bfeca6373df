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
    public static let list: [FrameworkControl] = [
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
    ]
}
