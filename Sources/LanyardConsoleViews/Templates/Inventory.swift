extension Templates {
    /// The inventory: the filter form (GET), the sortable table, the next-page link.
    static let inventory = """
        {{<layout}}
        {{$main}}
        <h1>Inventory</h1>
        <form method="get" action="{{formAction}}" class="filters" role="search" aria-label="Filter identities">
        <div class="field"><label for="f-q">Search</label><input type="search" id="f-q" name="q" value="{{q}}"></div>
        {{#selects}}
        <div class="field"><label for="f-{{name}}">{{label}}</label><select id="f-{{name}}" name="{{name}}"><option value="">Any</option>
        {{#options}}
        <option value="{{value}}"{{#selected}} selected{{/selected}}>{{text}}</option>
        {{/options}}
        </select></div>
        {{/selects}}
        <div class="field"><label for="f-owner">Owner</label><input type="text" id="f-owner" name="owner" value="{{owner}}" autocomplete="off"></div>
        <div class="field"><label for="f-template">Template</label><input type="text" id="f-template" name="template" value="{{template}}" autocomplete="off"></div>
        <input type="hidden" name="sort" value="{{sort}}">
        <input type="hidden" name="order" value="{{order}}">
        <div class="field buttons"><button type="submit">Apply filters</button> <a href="{{formAction}}">Clear</a></div>
        </form>
        <p class="muted" role="status">{{summary}}</p>
        <table class="list">
        <caption class="sr-only">Identities, sorted by {{sortLabel}} {{orderLabel}}</caption>
        <thead><tr>
        {{#columns}}
        <th scope="col"{{#sorted}} aria-sort="{{ariaSort}}"{{/sorted}}><a href="{{href}}">{{label}}{{#sorted}} <span aria-hidden="true">{{arrow}}</span>{{/sorted}}</a></th>
        {{/columns}}
        </tr></thead>
        <tbody>
        {{#rows}}
        <tr><th scope="row"><a href="{{href}}">{{name}}</a></th><td>{{kind}}</td><td>{{owner}}</td><td>{{environment}}</td><td>{{stage}}</td><td><span class="st st-{{status}}">{{status}}</span></td><td>{{template}}</td><td><time>{{expires}}</time>{{#soon}} <span class="tag warn">soon</span>{{/soon}}</td></tr>
        {{/rows}}
        </tbody>
        </table>
        {{^rows}}
        <p>No identity matches these filters.</p>
        {{/rows}}
        {{#hasNext}}
        <nav aria-label="Pages" class="pager"><a href="{{nextHref}}" rel="next">Next page</a></nav>
        {{/hasNext}}
        {{/main}}
        {{/layout}}
        """
}
