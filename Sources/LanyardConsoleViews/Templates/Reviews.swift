extension Templates {
    /// The recertification campaigns.
    static let campaigns = """
        {{<layout}}
        {{$main}}
        <h1>Access reviews</h1>
        <p class="muted" role="status">{{summary}}</p>
        {{#hasCampaigns}}
        <table class="list">
        <thead><tr><th scope="col">Campaign</th><th scope="col">Status</th><th scope="col">Deadline</th><th scope="col">Scope</th><th scope="col">Undecided at the deadline</th><th scope="col">Started by</th></tr></thead>
        <tbody>
        {{#campaigns}}
        <tr><th scope="row"><a href="{{href}}">{{name}}</a><br><code class="muted">{{id}}</code></th><td><span class="st st-{{status}}">{{status}}</span></td><td><time>{{deadline}}</time> <span class="muted">{{left}}</span></td><td>{{scope}}</td><td>{{onUndecided}}</td><td>{{createdBy}}</td></tr>
        {{/campaigns}}
        </tbody>
        </table>
        {{/hasCampaigns}}
        {{#hasNext}}
        <nav aria-label="Pages" class="pager"><a href="{{nextHref}}" rel="next">Next page</a></nav>
        {{/hasNext}}
        {{/main}}
        {{/layout}}
        """

    /// One campaign: its report, its items, and the bulk certify/revoke form.
    static let campaign = """
        {{<layout}}
        {{$main}}
        {{#campaign}}
        <h1>Review <q>{{name}}</q> <span class="st st-{{status}}">{{status}}</span></h1>
        <dl class="kv">
        <dt>Campaign</dt><dd><code>{{id}}</code></dd>
        <dt>Scope</dt><dd>{{scope}}</dd>
        <dt>Deadline</dt><dd><time>{{deadline}}</time>; undecided items are then {{onUndecided}}</dd>
        <dt>Started</dt><dd><time>{{created}}</time> by {{createdBy}}</dd>
        </dl>
        {{/campaign}}
        {{#report}}
        <section aria-labelledby="h-report">
        <h2 id="h-report">Progress</h2>
        <ul class="tiles">
        <li><span class="n">{{completion}}</span> decided</li>
        <li><span class="n">{{open}}</span> open of {{total}}</li>
        <li><span class="n">{{certified}}</span> certified</li>
        <li><span class="n">{{revoked}}</span> revoked</li>
        <li><span class="n">{{transferred}}</span> transferred</li>
        <li><span class="n">{{undecided}}</span> closed undecided</li>
        <li><span class="n">{{median}}</span> median time to decide</li>
        </ul>
        </section>
        {{/report}}
        {{#hasOutcome}}
        <p class="notice" role="status">{{outcome}}</p>
        {{/hasOutcome}}
        <nav aria-label="Items shown" class="tabs"><ul>
        {{#tabs}}
        <li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>
        {{/tabs}}
        </ul></nav>
        {{#hasItems}}
        <form method="post" action="{{decideAction}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <table class="list">
        <thead><tr><th scope="col">Select</th><th scope="col">Subject</th><th scope="col">Reviewer</th><th scope="col">Last used</th><th scope="col">Unused 30 days</th><th scope="col">Unused 90 days</th><th scope="col">Decision</th></tr></thead>
        <tbody>
        {{#items}}
        <tr><td>{{#selectable}}<input type="checkbox" id="{{checkboxID}}" name="{{field}}" value="on"><label for="{{checkboxID}}" class="sr-only">Select {{subject}}</label>{{/selectable}}</td><th scope="row"><a href="{{identityHref}}">{{subject}}</a> <span class="muted">{{kind}}</span></th><td>{{reviewer}}</td><td><time>{{lastUsed}}</time></td><td>{{unused30}}</td><td>{{unused90}}</td><td>{{decision}}{{#reason}}<br><span class="muted">{{reason}}</span>{{/reason}}</td></tr>
        {{/items}}
        </tbody>
        </table>
        {{#decidable}}
        <fieldset class="stack">
        <legend>Decide the selected items</legend>
        <p><input type="checkbox" id="sel-all" name="all" value="on"> <label for="sel-all">Every open item on this page</label></p>
        <label for="bulk-reason">Reason (required to revoke)</label>
        <textarea id="bulk-reason" name="reason" rows="2" maxlength="2000"></textarea>
        <p><button type="submit" name="decision" value="certify" class="primary">Certify selected</button> <button type="submit" name="decision" value="revoke" class="danger">Revoke selected</button></p>
        </fieldset>
        {{/decidable}}
        </form>
        {{/hasItems}}
        {{^hasItems}}
        <p>No item here.</p>
        {{/hasItems}}
        {{#hasNext}}
        <nav aria-label="Pages" class="pager"><a href="{{nextHref}}" rel="next">Next page</a></nav>
        {{/hasNext}}
        {{/main}}
        {{/layout}}
        """
}
