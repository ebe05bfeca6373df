extension Templates {
    /// The sign-in page: the company SSO button, and the break-glass form for an administrator token.
    static let signIn = """
        {{<layout}}
        {{$main}}
        <section class="signin" aria-labelledby="h-signin">
        <h1 id="h-signin">Sign in to {{tenant}}</h1>
        {{#hasError}}
        <p class="error" role="alert">{{error}}</p>
        {{/hasError}}
        {{#ssoConfigured}}
        <p><a class="button primary" href="{{ssoHref}}">Sign in with your company SSO</a></p>
        {{/ssoConfigured}}
        {{^ssoConfigured}}
        <p>Company sign-in is not configured for this tenant. An administrator sets it with <code>lanyard tenant sso set</code>.</p>
        {{/ssoConfigured}}
        <details{{#detailsOpen}} open{{/detailsOpen}}>
        <summary>Break-glass sign-in with an administrator token</summary>
        <form method="post" action="{{tokenAction}}" class="stack">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="return_to" value="{{returnTo}}">
        <label for="signin-token">Administrator token</label>
        <input type="password" id="signin-token" name="token" required autocomplete="off" spellcheck="false">
        <p class="muted">For emergencies only: the sign-in is audited, and the token's role applies.</p>
        <button type="submit">Sign in with token</button>
        </form>
        </details>
        </section>
        {{/main}}
        {{/layout}}
        """
}
