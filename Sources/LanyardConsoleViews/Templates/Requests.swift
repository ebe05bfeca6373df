extension Templates {
    /// The access requests waiting for a decision.
    static let requests = """
        {{<layout}}
        {{$main}}
        <h1>Requests</h1>
        <p class="muted" role="status">{{summary}}</p>
        {{#hasRequests}}
        <table class="list">
        <thead><tr><th scope="col">Request</th><th scope="col">Identity</th><th scope="col">Requester</th><th scope="col">Tier</th><th scope="col">Asks for</th><th scope="col">Intent</th><th scope="col">Approvals</th><th scope="col">Expires</th></tr></thead>
        <tbody>
        {{#requests}}
        <tr><th scope="row"><a href="{{href}}">{{id}}</a></th><td>{{identity}}</td><td>{{requester}}</td><td>{{tier}}</td><td>{{actions}} on <code>{{resource}}</code></td><td>{{intent}}</td><td>{{approvals}}</td><td><time>{{expires}}</time></td></tr>
        {{/requests}}
        </tbody>
        </table>
        {{/hasRequests}}
        {{^hasRequests}}
        <p>Nothing is waiting for a decision.</p>
        {{/hasRequests}}
        {{#hasNext}}
        <nav aria-label="Pages" class="pager"><a href="{{nextHref}}" rel="next">Next page</a></nav>
        {{/hasNext}}
        {{/main}}
        {{/layout}}
        """
}
