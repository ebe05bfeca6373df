extension Templates {
    /// The audit search, an event's inclusion proof, and the matching events each with a "prove" link.
    static let audit = """
        {{<layout}}
        {{$main}}
        <h1>Audit</h1>
        {{#hasProof}}
        {{#proof}}
        <section class="proof {{verdictClass}}" aria-labelledby="h-proof">
        <h2 id="h-proof">Inclusion proof of event #{{seq}}</h2>
        <p class="verdict" role="status">{{verdict}}</p>
        {{#hasFailure}}
        <p class="error">{{failure}}</p>
        {{/hasFailure}}
        {{#hasEvent}}
        <p><time>{{eventAt}}</time> · {{eventActor}} · {{eventAction}} · <code>{{eventTarget}}</code></p>
        {{/hasEvent}}
        <dl class="kv hashes">
        <dt>Leaf hash</dt><dd><code>{{leafHash}}</code></dd>
        <dt>Tree size</dt><dd>{{treeSize}}</dd>
        <dt>Root hash</dt><dd><code>{{rootHash}}</code></dd>
        <dt>Inclusion path</dt><dd>{{#path}}<code>{{.}}</code><br>{{/path}}{{^path}}empty (the tree has one leaf){{/path}}</dd>
        </dl>
        {{#hasCheckpoint}}
        <details><summary>Signed checkpoint</summary><pre>{{checkpoint}}</pre></details>
        {{/hasCheckpoint}}
        </section>
        {{/proof}}
        {{/hasProof}}
        <form method="get" action="{{formAction}}" class="filters" role="search" aria-label="Search the audit trail">
        <div class="field"><label for="a-identity">Identity</label><input type="text" id="a-identity" name="identity" value="{{identity}}" autocomplete="off"></div>
        <div class="field"><label for="a-actor">Actor</label><input type="text" id="a-actor" name="actor" value="{{actor}}" autocomplete="off"></div>
        <div class="field"><label for="a-action">Action</label><input type="text" id="a-action" name="action" value="{{action}}" autocomplete="off"></div>
        <div class="field"><label for="a-since">Since (UTC)</label><input type="text" id="a-since" name="since" value="{{since}}" placeholder="2026-11-22" autocomplete="off"></div>
        <div class="field"><label for="a-until">Until (UTC)</label><input type="text" id="a-until" name="until" value="{{until}}" placeholder="2026-11-22T16:54:28Z" autocomplete="off"></div>
        <div class="field buttons"><button type="submit">Search</button> <a href="{{formAction}}">Clear</a></div>
        </form>
        {{#hasEvents}}
        <table class="list">
        <thead><tr><th scope="col">Event</th><th scope="col">Time</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Details</th><th scope="col">Proof</th></tr></thead>
        <tbody>
        {{#events}}
        <tr><th scope="row">#{{seq}}</th><td><time>{{at}}</time></td><td>{{actor}}</td><td>{{action}}</td><td><code>{{target}}</code></td><td>{{details}}</td><td><a href="{{prove}}">prove<span class="sr-only"> event {{seq}}</span></a></td></tr>
        {{/events}}
        </tbody>
        </table>
        {{/hasEvents}}
        {{^hasEvents}}
        <p>No event matches.</p>
        {{/hasEvents}}
        {{#hasNext}}
        <nav aria-label="Pages" class="pager"><a href="{{nextHref}}" rel="next">Next page</a></nav>
        {{/hasNext}}
        {{/main}}
        {{/layout}}
        """
}
