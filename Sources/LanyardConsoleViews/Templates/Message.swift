extension Templates {
    /// A page that only says something: not allowed, not found, sign-in failed.
    static let message = """
        {{<layout}}
        {{$main}}
        <section class="message" aria-labelledby="h-message">
        <h1 id="h-message">{{heading}}</h1>
        <p>{{detail}}</p>
        <p class="muted">HTTP status {{status}}</p>
        {{#hasHome}}
        <p><a href="{{home}}">Back to the console</a></p>
        {{/hasHome}}
        </section>
        {{/main}}
        {{/layout}}
        """
}
