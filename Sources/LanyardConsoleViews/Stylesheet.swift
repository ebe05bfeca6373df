/// The console's one stylesheet: system fonts, light and dark by `prefers-color-scheme`, a visible focus ring,
/// compact tables. Served by the caller at `{basePath}/assets/console.css`.
enum Stylesheet {
    static let css = """
        :root{--bg:#fff;--fg:#1b1f24;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--link:#0b57d0;--accent:#0b57d0;--accent-fg:#fff;\
        --ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--focus:#fb8c00;--crit:#a40e26;--high:#cf222e;--med:#bc4c00;--low:#6e7781;--bar:#0b57d0;\
        color-scheme:light dark}
        @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--panel:#161b22;--link:#7cb3ff;\
        --accent:#388bfd;--accent-fg:#0d1117;--ok:#3fb950;--warn:#d29922;--bad:#f85149;--focus:#ffa657;--crit:#ff7b72;--high:#f85149;\
        --med:#db6d28;--low:#8b949e;--bar:#58a6ff}}
        *{box-sizing:border-box}
        html{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;background:var(--bg);color:var(--fg)}
        body{margin:0}
        a{color:var(--link)}
        a:hover{text-decoration-thickness:2px}
        :focus-visible{outline:3px solid var(--focus);outline-offset:2px}
        code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
        pre{background:var(--panel);border:1px solid var(--line);padding:.6rem;overflow:auto;white-space:pre-wrap}
        .skip{position:absolute;left:-999px;top:0;background:var(--accent);color:var(--accent-fg);padding:.5rem 1rem;z-index:10}
        .skip:focus{left:.5rem}
        .sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        .top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding:.5rem 1.25rem;border-bottom:1px solid var(--line);background:var(--panel)}
        .brand{margin:0;font-weight:700}
        .brand a{color:var(--fg);text-decoration:none}
        .tenant{font-weight:400;color:var(--muted);margin-left:.35rem}
        .top nav ul{display:flex;flex-wrap:wrap;gap:.25rem;margin:0;padding:0;list-style:none}
        .top nav a{display:block;padding:.3rem .6rem;border-radius:4px;text-decoration:none;color:var(--fg)}
        .top nav a:hover{background:var(--line)}
        .top nav a[aria-current=page]{background:var(--accent);color:var(--accent-fg)}
        .user{margin-left:auto;display:flex;align-items:center;gap:.6rem}
        .role{font-size:.8rem;border:1px solid var(--line);border-radius:999px;padding:0 .5rem}
        main{padding:1rem 1.25rem 3rem;max-width:1400px}
        main:focus{outline:none}
        h1{font-size:1.5rem;margin:.5rem 0 1rem}
        h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
        .muted{color:var(--muted);font-weight:400}
        .notice{margin:0;padding:.6rem 1.25rem;background:var(--panel);border-bottom:2px solid var(--ok)}
        .error{color:var(--bad);font-weight:600}
        table{border-collapse:collapse;width:100%;font-size:.92rem}
        th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line)}
        thead th{background:var(--panel);white-space:nowrap}
        tbody th{font-weight:600}
        tbody tr:hover{background:var(--panel)}
        th a{color:inherit}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:.75rem}
        .card{border:1px solid var(--line);border-radius:6px;padding:.25rem .9rem .6rem;background:var(--panel)}
        .card h2{font-size:.95rem;margin:.6rem 0 .2rem}
        .card p{margin:.3rem 0}
        .figure{font-size:1.8rem;font-weight:700;margin:.2rem 0}
        .figure .muted{font-size:.9rem}
        .figure.ok,.ok .verdict{color:var(--ok)}
        .figure.alert,.bad .verdict{color:var(--bad)}
        meter{width:100%;height:.8rem}
        .charts{display:flex;flex-wrap:wrap;gap:0 2rem}
        .chart{margin:0}
        .chart svg{max-width:100%;height:auto}
        .chart figcaption{font-size:.85rem;color:var(--muted)}
        .chart .label,.chart .count{fill:var(--fg);font-size:12px}
        .bar{fill:var(--bar)}
        .bar.sev-critical{fill:var(--crit)}
        .bar.sev-high{fill:var(--high)}
        .bar.sev-medium{fill:var(--med)}
        .bar.sev-low{fill:var(--low)}
        .filters{display:flex;flex-wrap:wrap;gap:.5rem .75rem;align-items:flex-end;margin-bottom:1rem;padding:.75rem;border:1px solid var(--line);border-radius:6px;background:var(--panel)}
        .field{display:flex;flex-direction:column;gap:.15rem}
        .field label{font-size:.82rem;color:var(--muted)}
        .field.buttons{flex-direction:row;align-items:center;gap:.75rem}
        input,select,textarea,button{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:.3rem .45rem}
        textarea{width:100%}
        button,.button{cursor:pointer;background:var(--panel);font-weight:600;display:inline-block;text-decoration:none;color:var(--fg);border:1px solid var(--line);border-radius:4px;padding:.35rem .8rem}
        button:hover,.button:hover{border-color:var(--muted)}
        button.primary,.button.primary{background:var(--accent);color:var(--accent-fg);border-color:var(--accent)}
        button.warn{color:var(--warn)}
        button.danger{color:var(--bad);border-color:var(--bad)}
        button.link{background:none;border:none;color:var(--link);text-decoration:underline;padding:0;font-weight:400}
        form.inline{display:inline}
        .stack{display:flex;flex-direction:column;gap:.4rem;align-items:flex-start;max-width:36rem;margin-top:.6rem}
        .stack.wide{max-width:60rem;align-items:stretch}
        .stack.wide button{align-self:flex-start}
        .act{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem;margin:0 0 .5rem}
        .act label{min-width:10.5rem}
        .act input{flex:1 1 8rem;min-width:6rem}
        .split{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:0 2rem}
        @media (max-width:800px){.split{grid-template-columns:1fr}.user{margin-left:0}}
        .kv{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
        .kv dt{color:var(--muted)}
        .kv dd{margin:0;overflow-wrap:anywhere}
        blockquote{margin:0;padding:.5rem .8rem;border-left:3px solid var(--line);background:var(--panel);white-space:pre-wrap}
        .decide{display:flex;flex-wrap:wrap;gap:1rem 2rem}
        .decide h2{flex-basis:100%}
        .decide form{flex:1 1 20rem}
        .st,.sev,.tag{display:inline-block;font-size:.78rem;font-weight:600;border:1px solid currentColor;border-radius:999px;padding:0 .45rem;white-space:nowrap}
        .st-active,.st-allow,.st-approved,.st-open{color:var(--ok)}
        .st-suspended,.st-orphaned,.st-requested,.warn{color:var(--warn)}
        .st-compromised,.st-revoked,.st-deny,.st-denied,.st-offboarded{color:var(--bad)}
        .st-expired,.st-ended,.st-used,.st-cancelled{color:var(--muted)}
        .sev-critical{color:var(--crit)}
        .sev-high{color:var(--high)}
        .sev-medium{color:var(--med)}
        .sev-low{color:var(--low)}
        .proof{border:2px solid var(--line);border-radius:6px;padding:.25rem 1rem .75rem;margin-bottom:1.5rem}
        .proof.ok{border-color:var(--ok)}
        .proof.bad{border-color:var(--bad)}
        .verdict{font-size:1.4rem;font-weight:700;margin:.25rem 0}
        .pager{margin:1rem 0}
        .signin,.message{max-width:32rem;margin:2rem auto}
        .tiles{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:0;padding:0;list-style:none}
        .tiles .n{display:block;font-size:1.4rem;font-weight:700}
        .tabs ul{display:flex;gap:.25rem;margin:1rem 0 .5rem;padding:0;list-style:none}
        .tabs a{display:block;padding:.25rem .7rem;border:1px solid var(--line);border-radius:4px;text-decoration:none}
        .tabs a[aria-current=page]{background:var(--accent);color:var(--accent-fg);border-color:var(--accent)}
        fieldset{border:1px solid var(--line);border-radius:6px;margin-top:.75rem}
        .diff{border:1px solid var(--line);font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        .diff td{border:0;padding:0 .5rem;white-space:pre-wrap;overflow-wrap:anywhere}
        .diff .num{color:var(--muted);text-align:right;width:4rem;user-select:none}
        .diff .added{background:color-mix(in srgb,var(--ok) 16%,transparent)}
        .diff .removed{background:color-mix(in srgb,var(--bad) 16%,transparent)}
        .diff .skipped td{color:var(--muted);background:var(--panel);font-style:italic}
        .verdict.allow{color:var(--ok)}
        .verdict.deny{color:var(--bad)}
        details{margin-top:1rem}
        summary{cursor:pointer}

        """
}
