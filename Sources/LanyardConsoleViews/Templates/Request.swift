extension Templates {
    /// One access request: who asks for what and why, the policies that will decide it, the identity's recent use,
    /// and the approve and deny forms.
    static let request = """
        {{<layout}}
        {{$main}}
        {{#request}}
        <h1>Access request <code>{{id}}</code> <span class="st st-{{status}}">{{status}}</span></h1>
        <div class="split">
        <section aria-labelledby="h-what">
        <h2 id="h-what">What is asked</h2>
        <dl class="kv">
        <dt>Requester</dt><dd>{{requester}}</dd>
        <dt>Identity</dt><dd><a href="{{identityHref}}">{{identityName}}</a> <span class="muted">owned by {{identityOwner}}</span></dd>
        <dt>Tier</dt><dd>{{tier}}</dd>
        <dt>Actions</dt><dd>{{actions}}</dd>
        <dt>Resource</dt><dd><code>{{resource}}</code></dd>
        <dt>Scopes</dt><dd>{{scopes}}</dd>
        <dt>Duration</dt><dd>{{duration}}{{#singleUse}}, single use{{/singleUse}}</dd>
        {{#hasTask}}
        <dt>Task</dt><dd><code>{{task}}</code></dd>
        {{/hasTask}}
        <dt>Asked</dt><dd><time>{{created}}</time></dd>
        <dt>Expires</dt><dd><time>{{expires}}</time></dd>
        <dt>Approvals</dt><dd>{{approvalCount}} of {{requiredApprovals}}</dd>
        </dl>
        <h2 id="h-intent">Intent</h2>
        <blockquote aria-labelledby="h-intent">{{justification}}</blockquote>
        </section>
        {{/request}}
        <section aria-labelledby="h-policies">
        <h2 id="h-policies">What will decide it</h2>
        {{#hasApprovalRule}}<p>{{approvalRule}}</p>{{/hasApprovalRule}}
        {{#hasGrant}}
        <p>Approving adds this permit:</p>
        <pre class="policy">{{grant}}</pre>
        {{/hasGrant}}
        {{#hasPolicies}}
        <p>Each use is still decided by {{#hasPolicyVersion}}<a href="{{policyVersionHref}}">policy version {{policyVersion}}</a>{{/hasPolicyVersion}}{{^hasPolicyVersion}}the policies in force{{/hasPolicyVersion}}; these forbids may deny it:</p>
        {{#policies}}
        <pre class="policy">{{.}}</pre>
        {{/policies}}
        <p class="muted">{{morePolicies}}</p>
        {{/hasPolicies}}
        {{^hasPolicies}}
        <p class="muted">No forbid in {{#hasPolicyVersion}}<a href="{{policyVersionHref}}">policy version {{policyVersion}}</a>{{/hasPolicyVersion}}{{^hasPolicyVersion}}the policies you may read{{/hasPolicyVersion}} covers these actions.</p>
        {{/hasPolicies}}
        </section>
        </div>
        {{#hasApprovals}}
        <section aria-labelledby="h-approvals">
        <h2 id="h-approvals">Decisions so far</h2>
        <table><thead><tr><th scope="col">By</th><th scope="col">Decision</th><th scope="col">Reason</th><th scope="col">Time</th></tr></thead><tbody>
        {{#approvals}}
        <tr><th scope="row">{{by}}</th><td>{{decision}}</td><td>{{reason}}</td><td><time>{{at}}</time></td></tr>
        {{/approvals}}
        </tbody></table>
        </section>
        {{/hasApprovals}}
        {{#canDecide}}
        <section aria-labelledby="h-decide" class="decide">
        <h2 id="h-decide">Decide</h2>
        {{#canApprove}}
        <form method="post" action="{{approveAction}}" class="stack">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="approve-reason">Reason for approving</label>
        <textarea id="approve-reason" name="reason" required rows="3" maxlength="2000"></textarea>
        <button type="submit" class="primary">Approve</button>
        </form>
        {{/canApprove}}
        {{#canDeny}}
        <form method="post" action="{{denyAction}}" class="stack">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="deny-reason">Reason for denying</label>
        <textarea id="deny-reason" name="reason" required rows="3" maxlength="2000"></textarea>
        <button type="submit" class="danger">Deny</button>
        </form>
        {{/canDeny}}
        </section>
        {{/canDecide}}
        <section aria-labelledby="h-use">
        <h2 id="h-use">The identity's recent use</h2>
        {{#hasRecentUse}}
        <table><thead><tr><th scope="col">Event</th><th scope="col">Time</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Details</th></tr></thead><tbody>
        {{#recentUse}}
        <tr><th scope="row"><a href="{{prove}}" aria-label="Prove event {{seq}}">#{{seq}}</a></th><td><time>{{at}}</time></td><td>{{action}}</td><td>{{target}}</td><td>{{details}}</td></tr>
        {{/recentUse}}
        </tbody></table>
        {{/hasRecentUse}}
        {{^hasRecentUse}}
        <p class="muted">No recent use recorded.</p>
        {{/hasRecentUse}}
        </section>
        {{/main}}
        {{/layout}}
        """
}
