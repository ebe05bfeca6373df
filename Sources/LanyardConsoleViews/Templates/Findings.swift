extension Templates {
    /// The findings list.
    static let findings = """
        {{<layout}}
        {{$main}}
        <h1>Findings</h1>
        <p><a href="{{postureHref}}">Posture report</a> <span class="muted">(OWASP NHI Top 10, OWASP Agentic Top 10, NIST CSF 2.0)</span></p>
        <p class="muted" role="status">{{summary}}</p>
        {{#hasFindings}}
        <table class="list">
        <thead><tr><th scope="col">Finding</th><th scope="col">Severity</th><th scope="col">Kind</th><th scope="col">Controls</th><th scope="col">Identity</th><th scope="col">Status</th><th scope="col">Raised</th><th scope="col">Evidence</th></tr></thead>
        <tbody>
        {{#findings}}
        <tr><th scope="row">{{title}}<br><span class="muted">{{summary}}</span></th><td><span class="sev sev-{{severity}}">{{severity}}</span></td><td><code>{{kind}}</code></td><td>{{controls}}</td><td>{{#hasIdentity}}<a href="{{identityHref}}">{{identityName}}</a>{{/hasIdentity}}{{^hasIdentity}}<code>{{subject}}</code>{{/hasIdentity}}</td><td>{{status}}</td><td><time>{{created}}</time></td><td>{{#evidence}}<a href="{{href}}">#{{seq}}</a> {{/evidence}}</td></tr>
        {{/findings}}
        </tbody>
        </table>
        {{/hasFindings}}
        {{^hasFindings}}
        <p>No finding.</p>
        {{/hasFindings}}
        {{#hasNext}}
        <nav aria-label="Pages" class="pager"><a href="{{nextHref}}" rel="next">Next page</a></nav>
        {{/hasNext}}
        {{/main}}
        {{/layout}}
        """
}
