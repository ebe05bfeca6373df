"""AuthZEN conformance tooling: shared case loading and checks (conformance), the offline reference
decision point (reference_pdp) and the offline checker (offline_check). The HTTP runner is
scripts/authzen-conformance."""
