extension Templates {
    /// The page around every console page: head, skip link, header with tenant, navigation, user and sign-out, the
    /// notice, and `<main id="main">` holding the page's `main` block.
    static let layout = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="same-origin">
        <meta name="color-scheme" content="light dark">
        <title>{{title}} · Lanyard</title>
        {{#hasStylesheet}}
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="{{stylesheet}}">
        {{/hasStylesheet}}
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
        <p class="brand">{{#hasHome}}<a href="{{home}}">Lanyard</a>{{/hasHome}}{{^hasHome}}Lanyard{{/hasHome}} <span class="tenant">{{tenant}}</span></p>
        {{#chrome}}
        <nav aria-label="Console">
        <ul>
        {{#nav}}
        <li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>
        {{/nav}}
        </ul>
        </nav>
        <div class="user">
        <span class="who">{{userName}} <span class="muted">{{userEmail}}</span></span>
        <span class="role">{{role}}</span>
        <form method="post" action="{{signOut}}" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" class="link">Sign out</button>
        </form>
        </div>
        {{/chrome}}
        </header>
        {{#hasNotice}}
        <p class="notice" role="status">{{notice}}</p>
        {{/hasNotice}}
        <main id="main" tabindex="-1">
        {{$main}}{{/main}}
        </main>
        </body>
        </html>

        """
}
