extension Templates {
    /// The overview: ownership, expiring identities, findings charts, approvals, break-glass, leaks, audit.
    static let overview = """
        {{<layout}}
        {{$main}}
        <h1>Overview</h1>
        {{#hasNow}}
        <p class="muted">As of <time>{{now}}</time></p>
        {{/hasNow}}
        <div class="cards">
        <section class="card" aria-labelledby="h-own">
        <h2 id="h-own">Ownership</h2>
        <p class="figure">{{ownedPercent}}%</p>
        <label for="own-meter">{{owned}} of {{total}} identities have an active owner</label>
        <meter id="own-meter" min="0" max="{{meterMax}}" value="{{owned}}" low="{{meterLow}}" optimum="{{meterMax}}">{{ownedPercent}}%</meter>
        <p><a href="{{inventoryHref}}">Inventory</a></p>
        </section>
        <section class="card" aria-labelledby="h-appr">
        <h2 id="h-appr">Pending approvals</h2>
        <p class="figure">{{pendingApprovals}}</p>
        <p><a href="{{requestsHref}}">Review requests</a></p>
        </section>
        <section class="card" aria-labelledby="h-bg">
        <h2 id="h-bg">Break-glass awaiting review</h2>
        <p class="figure{{#breakGlassAlert}} alert{{/breakGlassAlert}}">{{breakGlass}}</p>
        <p><a href="{{auditBreakGlassHref}}">Break-glass events</a></p>
        </section>
        <section class="card" aria-labelledby="h-leak">
        <h2 id="h-leak">Leak time-to-revoke</h2>
        {{#hasLeak}}
        <p class="figure">{{leakMedian}}</p>
        <p class="muted">median, report to revocation</p>
        {{/hasLeak}}
        {{^hasLeak}}
        <p class="muted">No leak reported.</p>
        {{/hasLeak}}
        </section>
        <section class="card" aria-labelledby="h-audit">
        <h2 id="h-audit">Audit log</h2>
        <p class="figure {{auditClass}}">{{auditVerdict}}</p>
        <p class="muted">{{auditSize}} events</p>
        <p><a href="{{auditHref}}">Audit</a></p>
        </section>
        </div>
        <div class="charts">
        <section aria-labelledby="h-sev">
        <h2 id="h-sev">Open findings by severity</h2>
        {{#severityChart}}
        {{>chart}}
        {{/severityChart}}
        </section>
        <section aria-labelledby="h-owasp">
        <h2 id="h-owasp">Open findings by OWASP NHI risk</h2>
        {{#owaspChart}}
        {{>chart}}
        {{/owaspChart}}
        </section>
        </div>
        <p><a href="{{findingsHref}}">All findings</a> · <a href="{{postureHref}}">Posture report</a></p>
        <section aria-labelledby="h-exp">
        <h2 id="h-exp">Expiring within 7 days</h2>
        {{#hasExpiring}}
        <table>
        <thead><tr><th scope="col">Identity</th><th scope="col">Owner</th><th scope="col">Environment</th><th scope="col">Expires</th></tr></thead>
        <tbody>
        {{#expiring}}
        <tr><th scope="row"><a href="{{href}}">{{name}}</a></th><td>{{owner}}</td><td>{{environment}}</td><td><time>{{expires}}</time>{{#hasLeft}} <span class="muted">(in {{left}})</span>{{/hasLeft}}</td></tr>
        {{/expiring}}
        </tbody>
        </table>
        <p><a href="{{expiringHref}}">See them in the inventory</a></p>
        {{/hasExpiring}}
        {{^hasExpiring}}
        <p class="muted">No identity expires within 7 days.</p>
        {{/hasExpiring}}
        </section>
        {{/main}}
        {{/layout}}
        """
}
