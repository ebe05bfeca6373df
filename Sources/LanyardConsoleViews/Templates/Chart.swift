extension Templates {
    /// A horizontal bar chart as inline SVG (a partial; its context is a ``BarChart``'s).
    static let chart = """
        <figure class="chart">
        <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{{id}}-title {{id}}-desc" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}">
        <title id="{{id}}-title">{{title}}</title>
        <desc id="{{id}}-desc">{{summary}}</desc>
        {{#bars}}
        <text x="0" y="{{ty}}" class="label">{{label}}</text><rect x="{{x}}" y="{{y}}" width="{{w}}" height="{{h}}" rx="2" class="bar {{style}}"></rect><text x="{{cx}}" y="{{ty}}" class="count">{{count}}</text>
        {{/bars}}
        </svg>
        <figcaption>{{title}}{{#empty}}: none{{/empty}}</figcaption>
        </figure>
        """
}
