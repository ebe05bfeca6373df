extension Templates {
    /// The policy history and the validation form.
    static let policies = """
        {{<layout}}
        {{$main}}
        <h1>Policies</h1>
        <p>Version <a href="{{currentHref}}">{{current}}</a> is in force.</p>
        <section aria-labelledby="h-history">
        <h2 id="h-history">History</h2>
        <table class="list">
        <thead><tr><th scope="col">Version</th><th scope="col">Message</th><th scope="col">Author</th><th scope="col">Time</th><th scope="col">Policies</th><th scope="col">Change</th></tr></thead>
        <tbody>
        {{#versions}}
        <tr><th scope="row"><a href="{{href}}">{{version}}</a>{{#inForce}} <span class="st st-active">in force</span>{{/inForce}}</th><td>{{message}}</td><td>{{author}}</td><td><time>{{created}}</time></td><td>{{count}}{{#schema}} <span class="muted">with schema</span>{{/schema}}</td><td>{{#hasDiff}}<a href="{{diffHref}}" aria-label="Changes in version {{version}}">diff</a>{{/hasDiff}}</td></tr>
        {{/versions}}
        </tbody>
        </table>
        {{#hasNext}}
        <nav aria-label="Pages" class="pager"><a href="{{nextHref}}" rel="next">Next page</a></nav>
        {{/hasNext}}
        </section>
        {{#canValidate}}
        <section aria-labelledby="h-validate">
        <h2 id="h-validate">Validate Cedar text</h2>
        <p class="muted">Checks policies, guardrails and a schema without saving anything; an empty field is taken from the version in force.</p>
        {{#hasValidation}}
        <div role="status">
        {{#valid}}<p class="verdict allow">Valid{{#schemaChecked}} against the schema{{/schemaChecked}}.</p>{{/valid}}
        {{^valid}}<p class="verdict deny">Not valid.</p>
        <table class="list"><thead><tr><th scope="col">Document</th><th scope="col">Policy</th><th scope="col">Problem</th></tr></thead><tbody>
        {{#problems}}
        <tr><th scope="row">{{document}}</th><td><code>{{policy}}</code></td><td>{{message}}</td></tr>
        {{/problems}}
        </tbody></table>
        {{/valid}}
        </div>
        {{/hasValidation}}
        <form method="post" action="{{validateAction}}" class="stack wide">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#candidate}}
        <label for="val-policies">Policies</label>
        <textarea id="val-policies" name="policies" rows="10" spellcheck="false">{{policies}}</textarea>
        <label for="val-guardrails">Guardrails</label>
        <textarea id="val-guardrails" name="guardrails" rows="4" spellcheck="false">{{guardrails}}</textarea>
        <label for="val-schema">Schema</label>
        <textarea id="val-schema" name="schema" rows="4" spellcheck="false">{{schema}}</textarea>
        {{/candidate}}
        <button type="submit" class="primary">Validate</button>
        </form>
        </section>
        {{/canValidate}}
        {{/main}}
        {{/layout}}
        """

    /// One policy version: documents, links, a diff and the "try a request" form.
    static let policyVersion = """
        {{<layout}}
        {{$main}}
        {{#version}}
        <h1>Policy version {{number}}{{#inForce}} <span class="st st-active">in force</span>{{/inForce}}</h1>
        <dl class="kv">
        <dt>Message</dt><dd>{{message}}</dd>
        <dt>Author</dt><dd>{{author}}</dd>
        <dt>Time</dt><dd><time>{{created}}</time></dd>
        </dl>
        {{/version}}
        <form method="get" action="{{compareAction}}" class="filters">
        <div class="field"><label for="compare">Compare with version</label><input type="number" id="compare" name="compare" min="0" value="{{compareValue}}" required></div>
        <div class="field buttons"><button type="submit">Show changes</button></div>
        </form>
        {{#hasDiff}}
        <section aria-labelledby="h-diff">
        <h2 id="h-diff">Changes from <a href="{{comparedHref}}">version {{compared}}</a></h2>
        {{#diffs}}
        <h3>{{name}} <span class="muted">+{{added}} −{{removed}}</span></h3>
        {{#truncated}}<p class="muted">Only the first 5,000 lines are compared.</p>{{/truncated}}
        {{#changed}}
        <table class="diff"><thead class="sr-only"><tr><th scope="col">Line</th><th scope="col">Change</th><th scope="col">Text</th></tr></thead><tbody>
        {{#lines}}
        <tr class="{{kind}}"><td class="num">{{number}}</td><td>{{sign}}</td><td>{{text}}</td></tr>
        {{/lines}}
        </tbody></table>
        {{/changed}}
        {{^changed}}<p class="muted">No change.</p>{{/changed}}
        {{/diffs}}
        </section>
        {{/hasDiff}}
        {{#canTry}}
        <section aria-labelledby="h-try">
        <h2 id="h-try">Try a request against this version</h2>
        {{#hasTrialResult}}
        {{#trialResult}}
        <div role="status">
        <p class="verdict {{verdictClass}}">{{verdict}}</p>
        {{#evaluated}}<p>Determining policies: <code>{{policies}}</code></p>{{/evaluated}}
        {{#hasRefusal}}<p>{{refusal}}</p>{{/hasRefusal}}
        {{#hasError}}<p class="error">{{error}}</p>{{/hasError}}
        </div>
        {{/trialResult}}
        {{/hasTrialResult}}
        <form method="post" action="{{tryAction}}" class="filters">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#trial}}
        <div class="field"><label for="try-subject-type">Subject type</label><input type="text" id="try-subject-type" name="subject_type" value="{{subjectType}}" required maxlength="256"></div>
        <div class="field"><label for="try-subject-id">Subject id</label><input type="text" id="try-subject-id" name="subject_id" value="{{subjectID}}" required maxlength="256"></div>
        <div class="field"><label for="try-action">Action</label><input type="text" id="try-action" name="action" value="{{action}}" required maxlength="256"></div>
        <div class="field"><label for="try-resource-type">Resource type</label><input type="text" id="try-resource-type" name="resource_type" value="{{resourceType}}" required maxlength="256"></div>
        <div class="field"><label for="try-resource-id">Resource id</label><input type="text" id="try-resource-id" name="resource_id" value="{{resourceID}}" required maxlength="256"></div>
        <div class="field"><label for="try-context">Context (JSON object)</label><textarea id="try-context" name="context" rows="2" cols="40" spellcheck="false">{{context}}</textarea></div>
        {{/trial}}
        <div class="field buttons"><button type="submit" class="primary">Decide</button></div>
        </form>
        </section>
        {{/canTry}}
        {{#version}}
        <section aria-labelledby="h-policies">
        <h2 id="h-policies">Policies</h2>
        <pre class="policy">{{policies}}</pre>
        <h2 id="h-guardrails">Guardrails</h2>
        <pre class="policy">{{guardrails}}</pre>
        {{#hasSchema}}
        <h2 id="h-schema">Schema</h2>
        <pre>{{schema}}</pre>
        {{/hasSchema}}
        </section>
        {{/version}}
        {{#hasLinks}}
        <section aria-labelledby="h-links">
        <h2 id="h-links">Template links</h2>
        <table class="list"><thead><tr><th scope="col">Link</th><th scope="col">Template</th><th scope="col">Principal</th><th scope="col">Resource</th></tr></thead><tbody>
        {{#links}}
        <tr><th scope="row"><code>{{id}}</code></th><td><code>{{template}}</code></td><td><code>{{principal}}</code></td><td><code>{{resource}}</code></td></tr>
        {{/links}}
        </tbody></table>
        </section>
        {{/hasLinks}}
        {{/main}}
        {{/layout}}
        """
}
