extension Templates {
    /// One identity: its record, the actions the caller may take, credentials, grants, tasks, trusts, findings,
    /// decisions and its audit timeline with a "prove" link per event.
    static let identity = """
        {{<layout}}
        {{$main}}
        {{#identity}}
        <h1>{{name}} <span class="st st-{{status}}">{{status}}</span></h1>
        <p class="muted"><code>{{id}}</code> · <code>{{spiffeId}}</code></p>
        <div class="split">
        <section aria-labelledby="h-record">
        <h2 id="h-record">Record</h2>
        <dl class="kv">
        <dt>Owner</dt><dd>{{owner}}</dd>
        <dt>Backup owner</dt><dd>{{backupOwner}}</dd>
        <dt>Purpose</dt><dd>{{purpose}}</dd>
        <dt>Kind</dt><dd>{{kind}}</dd>
        <dt>Environment</dt><dd>{{environment}}</dd>
        <dt>Data class</dt><dd>{{dataClass}}</dd>
        <dt>Stage</dt><dd>{{stage}}</dd>
        <dt>Status</dt><dd>{{status}}{{#hasOffboardReason}} ({{offboardReason}}){{/hasOffboardReason}}</dd>
        <dt>Expires</dt><dd><time>{{expires}}</time></dd>
        <dt>Template</dt><dd>{{template}}</dd>
        <dt>Offboarding trigger</dt><dd>{{offboardingTrigger}}</dd>
        <dt>Destinations</dt><dd>{{#destinations}}<code>{{.}}</code> {{/destinations}}{{^destinations}}none declared{{/destinations}}</dd>
        <dt>Created</dt><dd><time>{{created}}</time> by {{createdBy}}</dd>
        {{#hasOrphaned}}
        <dt>Orphaned</dt><dd><time>{{orphaned}}</time>, grace ends <time>{{graceEnds}}</time></dd>
        {{/hasOrphaned}}
        {{#hasGraduation}}
        <dt>Graduation</dt><dd>{{graduation}}</dd>
        {{/hasGraduation}}
        </dl>
        </section>
        {{/identity}}
        <section aria-labelledby="h-actions" class="actions">
        <h2 id="h-actions">Actions</h2>
        {{#canExtend}}
        <form method="post" action="{{actionBase}}/extend" class="act"><input type="hidden" name="csrf" value="{{csrf}}"><label for="act-extend-by">Extend by</label> <input type="text" id="act-extend-by" name="by" value="7d" required size="6" pattern="[0-9smhdw]+"> <button type="submit">Extend</button></form>
        {{/canExtend}}
        {{#canTransfer}}
        <form method="post" action="{{actionBase}}/transfer" class="act"><input type="hidden" name="csrf" value="{{csrf}}"><label for="act-transfer-owner">New owner</label> <input type="text" id="act-transfer-owner" name="owner" required autocomplete="off"> <button type="submit">Transfer</button></form>
        {{/canTransfer}}
        {{#canSuspend}}
        <form method="post" action="{{actionBase}}/suspend" class="act"><input type="hidden" name="csrf" value="{{csrf}}"><label for="act-suspend-reason">Reason for suspending</label> <input type="text" id="act-suspend-reason" name="reason" autocomplete="off"> <button type="submit" class="warn">Suspend</button></form>
        {{/canSuspend}}
        {{#canResume}}
        <form method="post" action="{{actionBase}}/resume" class="act"><input type="hidden" name="csrf" value="{{csrf}}"><label for="act-resume-reason">Reason for resuming</label> <input type="text" id="act-resume-reason" name="reason" autocomplete="off"> <button type="submit">Resume</button></form>
        {{/canResume}}
        {{#canGraduate}}
        <form method="post" action="{{actionBase}}/graduate" class="act"><input type="hidden" name="csrf" value="{{csrf}}"><label for="act-graduate-name">Managed name</label> <input type="text" id="act-graduate-name" name="name" value="{{graduateName}}" required maxlength="128" autocomplete="off"> <label for="act-graduate-template">Template</label> <select id="act-graduate-template" name="template">{{#graduateTemplates}}<option value="{{name}}">{{name}}</option>{{/graduateTemplates}}</select> <label for="act-graduate-owner">Owner</label> <input type="text" id="act-graduate-owner" name="owner" value="{{identity.owner}}" required autocomplete="off"> <label for="act-graduate-reason">Reason for graduating</label> <input type="text" id="act-graduate-reason" name="reason" required autocomplete="off"> <button type="submit">Graduate to managed</button></form>
        {{/canGraduate}}
        {{#canRevoke}}
        <form method="post" action="{{actionBase}}/revoke-credentials" class="act"><input type="hidden" name="csrf" value="{{csrf}}"><label for="act-revoke-reason">Reason for revoking</label> <input type="text" id="act-revoke-reason" name="reason" autocomplete="off"> <button type="submit" class="danger">Revoke all credentials</button></form>
        {{/canRevoke}}
        {{#canOffboard}}
        <form method="post" action="{{actionBase}}/offboard" class="act"><input type="hidden" name="csrf" value="{{csrf}}"><label for="act-offboard-reason">Reason for offboarding</label> <input type="text" id="act-offboard-reason" name="reason" required autocomplete="off"> <button type="submit" class="danger">Offboard</button></form>
        {{/canOffboard}}
        {{^hasActions}}
        <p class="muted">Your role may not change this identity.</p>
        {{/hasActions}}
        </section>
        </div>
        <section aria-labelledby="h-creds">
        <h2 id="h-creds">Credentials <span class="muted">{{activeCredentials}} active, {{revokedCredentials}} revoked</span></h2>
        {{#hasCredentials}}
        <table><thead><tr><th scope="col">Token id</th><th scope="col">Scopes</th><th scope="col">Audience</th><th scope="col">Issued</th><th scope="col">Expires</th><th scope="col">State</th></tr></thead><tbody>
        {{#credentials}}
        <tr><th scope="row"><code>{{jti}}</code></th><td>{{scopes}}</td><td>{{audience}}</td><td><time>{{issued}}</time></td><td><time>{{expires}}</time></td><td>{{#revoked}}<span class="st st-revoked">revoked</span> <time>{{revokedAt}}</time> {{revokeReason}}{{/revoked}}{{^revoked}}<span class="st st-active">{{state}}</span>{{/revoked}}</td></tr>
        {{/credentials}}
        </tbody></table>
        {{/hasCredentials}}
        {{^hasCredentials}}
        <p class="muted">No credential issued.</p>
        {{/hasCredentials}}
        </section>
        <section aria-labelledby="h-grants">
        <h2 id="h-grants">Grants</h2>
        {{#hasGrants}}
        <table><thead><tr><th scope="col">Grant</th><th scope="col">Tier</th><th scope="col">Actions</th><th scope="col">Resource</th><th scope="col">Status</th><th scope="col">Expires</th><th scope="col">Granted by</th><th scope="col">Reason</th></tr></thead><tbody>
        {{#grants}}
        <tr><th scope="row"><code>{{id}}</code>{{#breakGlass}} <span class="tag warn">break-glass</span>{{/breakGlass}}</th><td>{{tier}}</td><td>{{actions}}</td><td><code>{{resource}}</code></td><td><span class="st st-{{status}}">{{status}}</span></td><td><time>{{expires}}</time></td><td>{{grantor}}</td><td>{{reason}}</td></tr>
        {{/grants}}
        </tbody></table>
        {{/hasGrants}}
        {{^hasGrants}}
        <p class="muted">No grant beyond the tenant's policies.</p>
        {{/hasGrants}}
        </section>
        {{#hasTasks}}
        <section aria-labelledby="h-tasks">
        <h2 id="h-tasks">Tasks</h2>
        <table><thead><tr><th scope="col">Task</th><th scope="col">Intent</th><th scope="col">Opened</th><th scope="col">Expires</th><th scope="col">State</th></tr></thead><tbody>
        {{#tasks}}
        <tr><th scope="row"><code>{{id}}</code></th><td>{{intent}}</td><td><time>{{opened}}</time></td><td><time>{{expires}}</time></td><td>{{state}}</td></tr>
        {{/tasks}}
        </tbody></table>
        </section>
        {{/hasTasks}}
        <section aria-labelledby="h-trusts">
        <h2 id="h-trusts">Federation trusts</h2>
        {{#hasTrusts}}
        <table><thead><tr><th scope="col">Issuer</th><th scope="col">Audience</th><th scope="col">Conditions</th><th scope="col">Added</th></tr></thead><tbody>
        {{#trusts}}
        <tr><th scope="row"><code>{{issuer}}</code></th><td>{{audience}}</td><td>{{#conditions}}<code>{{name}}={{value}}</code> {{/conditions}}{{^conditions}}<span class="tag warn">none</span>{{/conditions}}</td><td><time>{{created}}</time> by {{createdBy}}</td></tr>
        {{/trusts}}
        </tbody></table>
        {{/hasTrusts}}
        {{^hasTrusts}}
        <p class="muted">No federation trust.</p>
        {{/hasTrusts}}
        </section>
        <section aria-labelledby="h-findings">
        <h2 id="h-findings">Findings</h2>
        {{#hasFindings}}
        <table><thead><tr><th scope="col">Finding</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Raised</th></tr></thead><tbody>
        {{#findings}}
        <tr><th scope="row">{{title}}<br><span class="muted">{{summary}}</span></th><td><span class="sev sev-{{severity}}">{{severity}}</span></td><td>{{status}}</td><td><time>{{created}}</time></td></tr>
        {{/findings}}
        </tbody></table>
        {{/hasFindings}}
        {{^hasFindings}}
        <p class="muted">No finding.</p>
        {{/hasFindings}}
        </section>
        <section aria-labelledby="h-decisions">
        <h2 id="h-decisions">Recent decisions</h2>
        {{#hasDecisions}}
        <table><thead><tr><th scope="col">Event</th><th scope="col">Time</th><th scope="col">Decision</th><th scope="col">Details</th></tr></thead><tbody>
        {{#decisions}}
        <tr><th scope="row"><a href="{{prove}}" aria-label="Prove event {{seq}}">#{{seq}}</a></th><td><time>{{at}}</time></td><td><span class="st st-{{decision}}">{{decision}}</span></td><td>{{details}}</td></tr>
        {{/decisions}}
        </tbody></table>
        {{/hasDecisions}}
        {{^hasDecisions}}
        <p class="muted">No decision recorded.</p>
        {{/hasDecisions}}
        </section>
        <section aria-labelledby="h-timeline">
        <h2 id="h-timeline">Audit timeline</h2>
        {{#hasTimeline}}
        <table><thead><tr><th scope="col">Event</th><th scope="col">Time</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Details</th><th scope="col">Proof</th></tr></thead><tbody>
        {{#timeline}}
        <tr><th scope="row">#{{seq}}</th><td><time>{{at}}</time></td><td>{{actor}}</td><td>{{action}}</td><td>{{details}}</td><td><a href="{{prove}}">prove<span class="sr-only"> event {{seq}}</span></a></td></tr>
        {{/timeline}}
        </tbody></table>
        {{/hasTimeline}}
        {{^hasTimeline}}
        <p class="muted">No audit event.</p>
        {{/hasTimeline}}
        </section>
        {{/main}}
        {{/layout}}
        """
}
