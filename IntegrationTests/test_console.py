"""The web console (issue 20) in a real browser: headless Chromium driven by Selenium signs in through a real OpenID
Provider (idpyoidc, started by the tests) to a real `lanyard serve --dev`.

- A security reviewer opens the console, is sent to sign in, signs in at the company IdP (private_key_jwt client
  authentication; a second test with client_secret_basic), finds an identity in the inventory, approves its pending
  access request with a reason, and the AuthZEN decision point that denied now allows; the audit page shows the
  approval and its inclusion proof verifies; the sign-in itself is audited with her email.
- Every page is screenshotted at 1280x800 (not blank), logs no console error, is under 100 KB, labels every form
  control and is reachable by keyboard (skip link, navigation).
- A builder sees only the identities he owns and cannot approve, neither through the page nor by crafting the POST.
- Attacks refused: CSRF, forged and ended session cookies, ID tokens with a wrong aud / nonce / signature, open
  redirects through return_to, HTML injection through an identity's purpose; break-glass sign-in with a token.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import pathlib
import secrets
import sqlite3
import time
from urllib.parse import quote, urlsplit

import pytest
import requests
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import WebDriverWait

from browser import console_errors, screenshot, start_browser
from lanyard_harness import Server, audit_events
from oauth_support import Workload, token_form
from oidc_provider import OpenIDProvider, sign_in

BASE = "/t/default/console"
ROLES = {"lanyard-admins": "tenant-admin", "lanyard-reviewers": "security-reviewer", "lanyard-builders": "builder"}
PASSWORDS = {"alice": "alice-password", "rita": "rita-password", "bob": "bob-password"}
DATASET = 'Lanyard::Dataset::"q3-sales"'
MAX_PAGE_BYTES = 100 * 1024


# ----- fixtures ------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def op():
    """One OpenID Provider for the module (each test registers the clients it needs)."""
    provider = OpenIDProvider().start()
    yield provider
    provider.stop()


def configure_sso(server: Server, op: OpenIDProvider, method: str = "private_key_jwt") -> dict:
    """Sets the tenant's SSO configuration and registers the matching client at the provider."""
    client_id = "lanyard-" + secrets.token_hex(4)
    secret = secrets.token_urlsafe(24) if method != "private_key_jwt" else None
    body = {"issuer": op.issuer, "clientId": client_id, "clientAuthentication": method, "roles": ROLES}
    if secret:
        body["clientSecret"] = secret
    put = server.api("PUT", "/t/default/v1/sso", json=body)
    assert put.status_code == 200, put.text
    shown = server.api("GET", "/t/default/v1/sso")
    assert shown.status_code == 200, shown.text
    view = shown.json()
    assert "clientSecret" not in view and (secret is None or secret not in shown.text), "the secret never comes out"
    assert view["redirectUri"] == server.url + BASE + "/sso/callback", view
    if method == "private_key_jwt":
        op.register_client([view["redirectUri"]], client_id=client_id, jwks_uri=view["jwksUri"])
    else:
        op.register_client([view["redirectUri"]], client_id=client_id, client_secret=secret, auth_method=method)
    return view


@pytest.fixture(scope="module")
def server(tmp_path_factory, op):
    """One `lanyard serve --dev` for the module, its console signed in to through `op` with private_key_jwt."""
    instance = Server(tmp_path_factory.mktemp("console"), extra_args=("--dev",)).start()
    configure_sso(instance, op, "private_key_jwt")
    yield instance
    instance.stop()


@pytest.fixture
def driver():
    instance = start_browser()
    yield instance
    instance.quit()


@pytest.fixture
def shots(tmp_path) -> pathlib.Path:
    named = os.environ.get("LANYARD_CONSOLE_SCREENSHOTS")
    directory = pathlib.Path(named) if named else tmp_path / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


# ----- helpers -------------------------------------------------------------------------------------------------------

def url(server: Server, path: str = "") -> str:
    return server.url + BASE + path


def wait_url(driver, predicate, timeout: float = 15, what: str = "") -> str:
    try:
        WebDriverWait(driver, timeout).until(lambda d: predicate(d.current_url))
    except Exception:
        raise AssertionError(f"waited for {what or 'a URL'}; at {driver.current_url}:\n{driver.page_source[:1500]}")
    return driver.current_url


def wait_heading(driver, text: str, timeout: float = 10) -> None:
    """Waits until the page's h1 contains `text`. While the form's redirect loads, the old page's heading can go away
    under the lookup: Chromium then says the element is stale, or (Chromium 156) that the node "does not belong to the
    document"; both mean "not yet", anything else is an error."""
    def heading(d) -> bool:
        try:
            return text in d.find_element(By.TAG_NAME, "h1").text
        except StaleElementReferenceException:
            return False
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return False
            raise
    WebDriverWait(driver, timeout).until(heading)


def on_console(server: Server, path: str = ""):
    """A predicate: the browser is on the console page `path` (query ignored), not on the sign-in or callback."""
    def check(current: str) -> bool:
        parts = urlsplit(current)
        return f"{parts.scheme}://{parts.netloc}" == server.url and parts.path.rstrip("/") == (BASE + path).rstrip("/")
    return check


def sso(driver, server: Server, user: str, start: str | None = None) -> None:
    """From the sign-in page (or `start`), through the provider's sign-in form, back to the console."""
    driver.get(start or url(server, "/signin"))
    if "/signin" in urlsplit(driver.current_url).path and urlsplit(driver.current_url).path.startswith(BASE):
        driver.find_element(By.LINK_TEXT, "Sign in with your company SSO").click()
    sign_in(driver, user, PASSWORDS[user])
    wait_url(driver, lambda u: u.startswith(server.url + BASE) and "/sso/" not in u, what=f"{user} back on the console")


def session_of(driver) -> requests.Session:
    """A requests session with the browser's console cookies."""
    session = requests.Session()
    for cookie in driver.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"], path=cookie.get("path", "/"))
    return session


def console_cookie(driver) -> str:
    found = [c for c in driver.get_cookies() if c["name"] == "lanyard_console"]
    assert found, f"no lanyard_console cookie: {driver.get_cookies()}"
    return found[0]["value"]


def csrf_on(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "input[type=hidden][name=csrf]").get_attribute("value")


def access_token(server: Server, workload: Workload) -> str:
    endpoint = f"{server.url}/t/default/oauth2/token"
    response = requests.post(endpoint, data=token_form(workload, workload.assertion(endpoint)), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def pending_request(server: Server, name: str, owner: str = "bob@example.test",
                    purpose: str = "summarise sales") -> tuple[Workload, dict]:
    """A workload identity and the pending data-read request it files for itself."""
    agent = Workload(server, name, owner=owner, purpose=purpose)
    body = {"tier": "data-read", "resource": DATASET, "duration": "10m", "justification": "summarise Q3 sales for the board"}
    asked = server.api("POST", "/t/default/v1/access-requests", token=access_token(server, agent), json=body)
    assert asked.status_code == 201, asked.text
    assert asked.json()["status"] == "requested", asked.text
    return agent, asked.json()


def register(server: Server, name: str, owner: str, purpose: str = "console test") -> dict:
    body = {"name": name, "kind": "agent", "owner": owner, "purpose": purpose}
    response = server.api("POST", "/t/default/v1/identities", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def allowed(server: Server, identity: str) -> bool:
    body = {"subject": {"type": "Lanyard::Identity", "id": identity}, "action": {"name": "read"},
            "resource": {"type": "Lanyard::Dataset", "id": "q3-sales"}}
    answer = server.api("POST", "/t/default/access/v1/evaluation", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()["decision"]


def request_status(server: Server, request_id: str) -> str:
    found = server.api("GET", f"/t/default/v1/access-requests/{request_id}")
    assert found.status_code == 200, found.text
    return found.json()["status"]


def start_campaign(server: Server, name: str, owners: list[str], identities: list[str]) -> dict:
    """A review campaign over the identities `identities` (registered now, owned round-robin by `owners`)."""
    for index, identity in enumerate(identities):
        register(server, identity, owners[index % len(owners)])
    started = server.api("POST", "/t/default/v1/reviews", json={"name": name, "duration": "7d", "owners": owners})
    assert started.status_code == 201, started.text
    return started.json()["campaign"]


def review_items(server: Server, campaign: str) -> list[dict]:
    found = server.api("GET", f"/t/default/v1/reviews/{campaign}/items?limit=100")
    assert found.status_code == 200, found.text
    return found.json()["items"]


def push_policy(server: Server, extra: str, message: str = "console test") -> int:
    """Adds `extra` to the tenant's policies in force; the new version's number."""
    current = server.api("GET", "/t/default/v1/policies")
    assert current.status_code == 200, current.text
    pushed = server.api("PUT", "/t/default/v1/policies", json={"policies": current.json()["policies"] + "\n" + extra + "\n", "message": message})
    assert pushed.status_code == 201, pushed.text
    return pushed.json()["version"]


def unlabelled_controls(driver) -> list[str]:
    """Every input (but hidden ones), select and textarea without a <label for=its id> or an enclosing <label>."""
    missing = []
    for control in driver.find_elements(By.CSS_SELECTOR, "input, select, textarea"):
        if (control.get_attribute("type") or "").lower() == "hidden":
            continue
        control_id = control.get_attribute("id")
        has_for = bool(control_id) and bool(driver.find_elements(By.CSS_SELECTOR, f'label[for="{control_id}"]'))
        wrapped = bool(control.find_elements(By.XPATH, "ancestor::label"))
        if not (has_for or wrapped):
            missing.append(control.get_attribute("outerHTML")[:200])
    for button in driver.find_elements(By.CSS_SELECTOR, "button"):
        if not (button.get_attribute("textContent") or "").strip() and not button.get_attribute("aria-label"):
            missing.append(button.get_attribute("outerHTML")[:200])
    return missing


def tab_through(driver, presses: int) -> list:
    """Focus the document's top, then press Tab `presses` times: the elements that had focus, in order."""
    driver.get(driver.current_url.split("#")[0])  # a fresh load: focus at the top of the document
    focused = []
    for _ in range(presses):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        focused.append(driver.switch_to.active_element)
    return focused  # read them before the next load


def check_keyboard(driver, server: Server, with_nav: bool = True) -> None:
    """Tab from the top reaches the skip link first, then every navigation link (when the page has navigation)."""
    wanted = {link.get_attribute("href") for link in driver.find_elements(By.CSS_SELECTOR, "nav[aria-label=Console] a")}
    if with_nav:
        assert wanted, "the page has no console navigation"
    focused = []
    for element in tab_through(driver, 3 + len(wanted)):
        focused.append((element.tag_name, element.get_attribute("href"), element.get_attribute("textContent").strip()))
    assert focused[0][0] == "a" and (focused[0][1] or "").endswith("#main") and focused[0][2] == "Skip to content", focused[0]
    reached = {href for _, href, _ in focused}
    assert wanted <= reached, f"not reached by Tab: {sorted(wanted - reached)}"
    # The skip link works: Enter on it moves focus to <main>.
    tab_through(driver, 1)
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert driver.switch_to.active_element.get_attribute("id") == "main"


def check_page(driver, server: Server, shots: pathlib.Path, name: str, session: requests.Session | None = None,
               keyboard: bool = True, nav: bool = True) -> list[str]:
    """The checks every page passes: a non-blank 1280x800 screenshot, under 100 KB, the security headers, every control
    labelled, reachable by keyboard. Returns the browser console's errors (the caller asserts there are none once
    every page has been seen, so one stray error does not hide the other checks)."""
    screenshot(driver, shots / f"{name}.png")
    errors = [e["message"] for e in console_errors(driver)]
    fetcher = session or requests.Session()
    answer = fetcher.get(driver.current_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 200, f"{name}: {answer.status_code} {answer.text[:300]}"
    assert len(answer.content) < MAX_PAGE_BYTES, f"{name}: {len(answer.content)} bytes"
    policy = dict((d.strip().split(" ", 1) + [""])[:2] for d in answer.headers["Content-Security-Policy"].split(";") if d.strip())
    scripts = policy.get("script-src", policy.get("default-src"))
    assert scripts is not None and "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts and "*" not in scripts, policy
    assert policy.get("frame-ancestors") == "'none'", policy
    assert answer.headers.get("X-Frame-Options") == "DENY", name
    assert "<script" not in answer.text.lower(), f"{name} carries a script"
    assert unlabelled_controls(driver) == [], name
    if keyboard:
        check_keyboard(driver, server, with_nav=nav)
    return errors + [e["message"] for e in console_errors(driver)]


# ----- 1. the main flow --------------------------------------------------------------------------------------------

def test_admin_signs_in_with_sso_approves_and_the_audit_proves_it(server, op, driver):
    """The acceptance path. The approver is alice (lanyard-admins -> tenant-admin): Lanyard's built-in admin roles let a
    tenant-admin (or the identity's owner) approve; a security-reviewer may only deny (see the next test)."""
    agent, asked = pending_request(server, "sales-agent-main")
    assert not allowed(server, agent.id), "denied before the approval"

    # Alice opens the console: sent to sign in, then to the company IdP, then back to the overview.
    driver.get(url(server, "/"))
    signin = wait_url(driver, on_console(server, "/signin"), what="the sign-in page")
    assert "return_to=" in signin
    driver.find_element(By.LINK_TEXT, "Sign in with your company SSO").click()
    wait_url(driver, lambda u: u.startswith(op.issuer), what="the provider's sign-in")
    sign_in(driver, "alice", "alice-password")
    wait_url(driver, on_console(server, ""), what="the overview")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Overview"
    header = driver.find_element(By.CSS_SELECTOR, "header.top").text
    assert "Alice Admin" in header and "alice@example.test" in header and "tenant-admin" in header, header

    # The session cookie: HttpOnly, SameSite=Lax, scoped to the console (not Secure: --dev over http).
    cookie = next(c for c in driver.get_cookies() if c["name"] == "lanyard_console")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == BASE and cookie["value"].startswith("lycs_")

    # She finds the identity through the inventory's search form.
    driver.find_element(By.CSS_SELECTOR, "nav[aria-label=Console]").find_element(By.LINK_TEXT, "Inventory").click()
    wait_url(driver, on_console(server, "/identities"), what="the inventory")
    box = driver.find_element(By.ID, driver.find_element(By.XPATH, "//label[normalize-space()='Search']").get_attribute("for"))
    box.send_keys("sales-agent-main")
    driver.find_element(By.XPATH, "//button[normalize-space()='Apply filters']").click()
    wait_url(driver, lambda u: "q=sales-agent-main" in u, what="the search")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr")
    assert [r.find_element(By.CSS_SELECTOR, "th a").text for r in rows] == ["sales-agent-main"]
    rows[0].find_element(By.LINK_TEXT, "sales-agent-main").click()
    wait_url(driver, on_console(server, f"/identities/{agent.id}"), what="the identity page")
    record = driver.find_element(By.ID, "h-record").find_element(By.XPATH, "..").text
    assert "bob@example.test" in record and "summarise sales" in record, record

    # She opens the request and approves it with a reason.
    driver.get(url(server, "/requests"))
    driver.find_element(By.LINK_TEXT, asked["id"]).click()
    wait_url(driver, on_console(server, f"/requests/{asked['id']}"), what="the request page")
    page = driver.find_element(By.TAG_NAME, "main").text
    assert "summarise Q3 sales for the board" in page and "q3-sales" in page, page
    label = driver.find_element(By.XPATH, "//label[normalize-space()='Reason for approving']")
    driver.find_element(By.ID, label.get_attribute("for")).send_keys("board deck due friday")
    driver.find_element(By.XPATH, "//button[normalize-space()='Approve']").click()
    wait_heading(driver, "active")
    assert "board deck due friday" in driver.find_element(By.TAG_NAME, "main").text
    assert not driver.find_elements(By.ID, "approve-reason"), "a decided request offers no approve form"

    # The decision point now allows what was denied.
    assert request_status(server, asked["id"]) == "active"
    assert allowed(server, agent.id), "allowed after the approval"

    # The audit page shows the approval, by rita, and its proof verifies.
    driver.find_element(By.CSS_SELECTOR, "nav[aria-label=Console]").find_element(By.LINK_TEXT, "Audit").click()
    wait_url(driver, on_console(server, "/audit"), what="the audit page")
    driver.find_element(By.ID, "a-action").send_keys("access_request.approve")
    driver.find_element(By.XPATH, "//button[normalize-space()='Search']").click()
    wait_url(driver, lambda u: "action=access_request.approve" in u, what="the audit search")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr")
    matching = [r for r in rows if f"access_request:{asked['id']}" in r.text]
    assert len(matching) == 1, [r.text for r in rows]
    assert "access_request.approve" in matching[0].text, matching[0].text
    seq = matching[0].find_element(By.CSS_SELECTOR, "th").text.lstrip("#")
    matching[0].find_element(By.PARTIAL_LINK_TEXT, "prove").click()
    wait_url(driver, on_console(server, f"/audit/{seq}"), what="the proof page")
    panel = driver.find_element(By.CSS_SELECTOR, "section.proof")
    assert "ok" in panel.get_attribute("class").split(), panel.get_attribute("outerHTML")[:500]
    assert panel.find_element(By.CSS_SELECTOR, ".verdict").text == "Verified ✓"
    assert "access_request.approve" in panel.text

    # The API agrees: one approval, the event proved; her sign-in is audited with her email, and the approval is
    # attributable to her (the actor names her, or her console session, whose sign-in event carries her email).
    events = audit_events(server)
    approval = [e for e in events if e["action"] == "access_request.approve" and e["target"] == f"access_request:{asked['id']}"]
    assert len(approval) == 1 and str(approval[0]["sequence"]) == seq, approval
    signins = [e for e in events if e["action"] == "console.signin" and e["details"].get("email") == "alice@example.test"]
    assert signins and signins[-1]["details"]["method"] == "sso" and signins[-1]["details"]["role"] == "tenant-admin", signins
    session_id = signins[-1]["target"].split(":", 1)[1]
    assert "alice@example.test" in approval[0]["actor"] or session_id in approval[0]["actor"], (approval[0], signins[-1])


def test_security_reviewer_reviews_may_deny_but_not_approve(server, driver):
    """rita (lanyard-reviewers -> security-reviewer): the built-in roles let her read and deny requests, not approve."""
    _, first = pending_request(server, "reviewer-agent-1")
    _, second = pending_request(server, "reviewer-agent-2")
    sso(driver, server, "rita", start=url(server, "/"))
    wait_url(driver, on_console(server, ""), what="the overview")
    header = driver.find_element(By.CSS_SELECTOR, "header.top").text
    assert "Rita Reviewer" in header and "rita@example.test" in header and "security-reviewer" in header, header
    signins = [e for e in audit_events(server) if e["action"] == "console.signin" and e["details"].get("email") == "rita@example.test"]
    assert signins and signins[-1]["details"]["role"] == "security-reviewer" and signins[-1]["details"]["method"] == "sso"

    driver.get(url(server, f"/requests/{first['id']}"))
    assert "summarise Q3 sales for the board" in driver.find_element(By.TAG_NAME, "main").text
    csrf = csrf_on(driver)
    session = session_of(driver)
    crafted = session.post(url(server, f"/requests/{first['id']}/approve"), data={"csrf": csrf, "reason": "lgtm"},
                           allow_redirects=False, timeout=10)
    assert crafted.status_code == 403 and request_status(server, first["id"]) == "requested", crafted.status_code
    denied = session.post(url(server, f"/requests/{first['id']}/deny"), data={"csrf": csrf, "reason": "no need for the board"},
                          allow_redirects=False, timeout=10)
    assert denied.status_code == 303, (denied.status_code, denied.text[:300])
    assert request_status(server, first["id"]) == "denied"
    assert any(e["action"] == "access_request.deny" and e["target"] == f"access_request:{first['id']}" for e in audit_events(server))

    # The page offers her what she may do: the Deny form (labelled), not the Approve form.
    driver.get(url(server, f"/requests/{second['id']}"))
    assert not driver.find_elements(By.ID, "approve-reason"), "a security-reviewer may not approve"
    assert driver.find_elements(By.XPATH, "//label[normalize-space()='Reason for denying']"), \
        "the Deny form is missing for a security-reviewer, who may deny"
    label = driver.find_element(By.XPATH, "//label[normalize-space()='Reason for denying']")
    driver.find_element(By.ID, label.get_attribute("for")).send_keys("not justified")
    driver.find_element(By.XPATH, "//button[normalize-space()='Deny']").click()
    wait_heading(driver, "denied")


def test_sign_in_with_client_secret_basic(op, tmp_path, driver):
    server = Server(tmp_path, extra_args=("--dev",)).start()
    try:
        view = configure_sso(server, op, "client_secret_basic")
        assert view["clientAuthentication"] == "client_secret_basic" and view["hasClientSecret"] is True
        sso(driver, server, "alice")
        wait_url(driver, on_console(server, ""), what="the overview")
        assert "tenant-admin" in driver.find_element(By.CSS_SELECTOR, "header.top").text
        # The provider saw a Basic-authenticated token request: the exchange worked and the ID token was accepted.
        assert op.token_responses and "id_token" in op.token_responses[-1]
        signins = [e for e in audit_events(server) if e["action"] == "console.signin"]
        assert [e["details"]["email"] for e in signins] == ["alice@example.test"]
    finally:
        server.stop()


# ----- 2. every page -----------------------------------------------------------------------------------------------

def test_every_page_screenshot_size_labels_keyboard_and_no_console_errors(server, driver, shots):
    agent, asked = pending_request(server, "pages-agent")
    # An audit event to prove exists (the identity's registration).
    registered = [e for e in audit_events(server) if e["action"] == "identity.register" and e["target"] == f"identity:{agent.id}"]
    assert registered, "the registration is audited"

    campaign = start_campaign(server, "pages review", ["pages-owner@example.test"], ["pages-reviewed"])
    version = push_policy(server, '@id("pages-permit")\npermit (principal, action == Action::"read", resource == Lanyard::Dataset::"pages");')

    errors = {}
    driver.get(url(server, "/signin"))
    errors["01-signin"] = check_page(driver, server, shots, "01-signin", nav=False)
    sso(driver, server, "rita")
    session = session_of(driver)
    pages = [
        ("02-overview", "", "Overview"),
        ("03-inventory", "/identities", "Inventory"),
        ("04-identity", f"/identities/{agent.id}", "pages-agent"),
        ("05-requests", "/requests", "Requests"),
        ("06-request", f"/requests/{asked['id']}", "Access request"),
        ("07-findings", "/findings", "Findings"),
        ("08-posture", "/posture", None),
        ("09-audit", "/audit", "Audit"),
        ("10-audit-proof", f"/audit/{registered[0]['sequence']}", "Audit"),
        ("11-reviews", "/reviews", "Access reviews"),
        ("12-review", f"/reviews/{campaign['id']}", "Review"),
        ("13-policies", "/policies", "Policies"),
        ("14-policy-version", f"/policies/{version}", f"Policy version {version}"),
    ]
    for name, path, heading in pages:
        driver.get(url(server, path))
        assert on_console(server, path)(driver.current_url), f"{name}: at {driver.current_url}"
        if heading:
            assert driver.find_element(By.TAG_NAME, "h1").text.startswith(heading), f"{name}: {driver.find_element(By.TAG_NAME, 'h1').text}"
        posture = path == "/posture"
        # The posture report is a standalone document (no console navigation): only its own checks.
        errors[name] = check_page(driver, server, shots, name, session=session, keyboard=not posture, nav=not posture)
    assert {name: found for name, found in errors.items() if found} == {}, "browser console errors"
    for name, _, _ in pages:
        assert (shots / f"{name}.png").stat().st_size > 5000, name
    assert (shots / "01-signin.png").exists()


def test_administrator_navigation_leads_to_pages(server, driver):
    """Every link of the navigation a tenant administrator sees (Policies included) answers with a page."""
    sso(driver, server, "alice")
    session = session_of(driver)
    links = {a.text: a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "nav[aria-label=Console] a")}
    assert set(links) >= {"Overview", "Inventory", "Requests", "Reviews", "Findings", "Posture", "Audit", "Policies"}, links
    broken = {}
    for label, href in links.items():
        answer = session.get(href, allow_redirects=False, timeout=10)
        if answer.status_code != 200:
            broken[label] = (href, answer.status_code)
    assert broken == {}, f"navigation links that are not pages: {broken}"


def test_administrator_certifies_and_revokes_review_items_in_bulk(server, driver):
    """A campaign's open items certified two at a time and revoked with a reason, through one form each; every item is
    decided through the API's use case (one `review.decide` audit event each) and a revoked identity is suspended."""
    names = ["bulk-a", "bulk-b", "bulk-c"]
    campaign = start_campaign(server, "bulk review", ["bulk-owner@example.test"], names)
    items = {item["identity"]: item for item in review_items(server, campaign["id"])}
    ids = {name: server.api("GET", f"/t/default/v1/identities/{name}").json()["id"] for name in names}
    assert set(ids.values()) <= set(items), items
    sso(driver, server, "alice")
    driver.get(url(server, f"/reviews/{campaign['id']}"))
    wait_heading(driver, "bulk review")
    # Revoke without a reason is refused and decides nothing.
    driver.find_element(By.ID, f"sel-{items[ids['bulk-c']]['id']}").click()
    driver.find_element(By.CSS_SELECTOR, "button[name=decision][value=revoke]").click()
    wait_heading(driver, "Something is wrong")
    assert all(item.get("decision") is None for item in review_items(server, campaign["id"])), "nothing decided"
    driver.get(url(server, f"/reviews/{campaign['id']}"))
    for name in ["bulk-a", "bulk-b"]:
        driver.find_element(By.ID, f"sel-{items[ids[name]]['id']}").click()
    driver.find_element(By.ID, "bulk-reason").send_keys("still needed for the Q4 close")
    driver.find_element(By.CSS_SELECTOR, "button[name=decision][value=certify]").click()
    WebDriverWait(driver, 10).until(lambda d: "2 items certified." in d.page_source)
    driver.find_element(By.ID, f"sel-{items[ids['bulk-c']]['id']}").click()
    driver.find_element(By.ID, "bulk-reason").send_keys("unused for 90 days")
    driver.find_element(By.CSS_SELECTOR, "button[name=decision][value=revoke]").click()
    WebDriverWait(driver, 10).until(lambda d: "1 item revoked." in d.page_source)
    decided = {item["identity"]: item for item in review_items(server, campaign["id"])}
    assert decided[ids["bulk-a"]]["decision"] == "certify" and decided[ids["bulk-b"]]["decision"] == "certify", decided
    assert decided[ids["bulk-c"]]["decision"] == "revoke" and decided[ids["bulk-c"]]["reason"] == "unused for 90 days", decided
    assert all(decided[ids[n]]["decidedBy"].endswith("alice@example.test") for n in names), decided
    events = [e for e in audit_events(server) if e["action"] == "review.decide" and e["details"].get("campaign") == campaign["id"]]
    assert len(events) == 3, events
    assert server.api("GET", f"/t/default/v1/identities/{ids['bulk-c']}").json()["status"] == "suspended"
    # The page now shows no open item: no checkbox, no bulk form.
    driver.get(url(server, f"/reviews/{campaign['id']}"))
    assert driver.find_elements(By.CSS_SELECTOR, "input[type=checkbox]") == []
    assert "100%" in driver.find_element(By.ID, "h-report").find_element(By.XPATH, "..").text


def test_policies_history_diff_validation_and_try_a_request(server, driver):
    """The policy history links each version; a version shows its change as a line diff; invalid Cedar shows its
    problem without saving; a request tried against a version gets the decision point's answer for that version."""
    agent = register(server, "policy-try-agent", "carol@example.test")
    before = server.api("GET", "/t/default/v1/policies").json()["version"]
    version = push_policy(server, '@id("console-try")\npermit (principal, action == Action::"read", resource == Lanyard::Dataset::"board-pack");',
                          message="let agents read the board pack")
    sso(driver, server, "alice")
    driver.get(url(server, "/policies"))
    wait_heading(driver, "Policies")
    assert f"Version {version} is in force." in driver.find_element(By.TAG_NAME, "main").text
    driver.find_element(By.CSS_SELECTOR, f'a[aria-label="Changes in version {version}"]').click()
    wait_heading(driver, f"Policy version {version}")
    added = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "table.diff tr.added")]
    assert any('@id("console-try")' in row for row in added), added
    assert driver.find_elements(By.CSS_SELECTOR, "table.diff tr.removed") == [], "only lines were added"

    def try_request(number: int) -> str:
        driver.get(url(server, f"/policies/{number}"))
        fields = {"try-subject-id": agent["id"], "try-action": "read", "try-resource-type": "Lanyard::Dataset", "try-resource-id": "board-pack"}
        for field, value in fields.items():
            box = driver.find_element(By.ID, field)
            box.clear()
            box.send_keys(value)
        driver.find_element(By.CSS_SELECTOR, "form[action$='/try'] button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[role=status] .verdict"))
        return driver.find_element(By.CSS_SELECTOR, "[role=status]").text

    allowed_now = try_request(version)
    assert allowed_now.startswith("Allow") and "console-try" in allowed_now, allowed_now
    denied_before = try_request(before)
    assert denied_before.startswith("Deny"), denied_before
    # The same as the decision point itself answers with the version in force.
    live = server.api("POST", "/t/default/access/v1/evaluation", json={
        "subject": {"type": "Lanyard::Identity", "id": agent["id"]}, "action": {"name": "read"},
        "resource": {"type": "Lanyard::Dataset", "id": "board-pack"}})
    assert live.json()["decision"] is True, live.text

    driver.get(url(server, "/policies"))
    box = driver.find_element(By.ID, "val-policies")
    box.send_keys("permit (principal, action resource);")
    driver.find_element(By.CSS_SELECTOR, "form[action$='/validate'] button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[role=status] .verdict"))
    status = driver.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert status.startswith("Not valid.") and "policies" in status, status
    assert server.api("GET", "/t/default/v1/policies").json()["version"] == version, "validation saved nothing"


def test_request_page_shows_the_permit_and_the_forbids_that_decide(server, driver):
    """The request page shows, as Cedar text, the permit an approval adds and the forbids in force that cover its
    actions."""
    push_policy(server, '@id("no-read-after-hours")\nforbid (principal, action == Action::"read", resource) when { context has afterHours && context.afterHours };',
                message="no reading after hours")
    _, asked = pending_request(server, "deciders-agent")
    sso(driver, server, "alice")
    driver.get(url(server, f"/requests/{asked['id']}"))
    wait_heading(driver, "Access request")
    texts = [pre.text for pre in driver.find_elements(By.CSS_SELECTOR, "pre.policy")]
    assert any(t.startswith("permit (principal in Lanyard::Identity::") and 'Lanyard::Dataset::"q3-sales"' in t for t in texts), texts
    assert any('@id("no-read-after-hours")' in t and t.lstrip().split("\n")[1].startswith("forbid") for t in texts), texts


def test_inventory_sorts_by_a_column_and_pages_in_that_order(server, driver):
    """Sorting by expiry lists the soonest first; the next page continues the same order."""
    for index in range(3):
        body = {"name": f"sort-{index}", "kind": "agent", "owner": "sorter@example.test", "purpose": "sorting", "expiresIn": f"{index + 1}d"}
        assert server.api("POST", "/t/default/v1/identities", json=body).status_code == 201
    sso(driver, server, "alice")
    driver.get(url(server, "/identities?owner=sorter%40example.test&sort=expires&order=desc"))
    names = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "table tbody th")]
    assert names == ["sort-2", "sort-1", "sort-0"], names
    driver.get(url(server, "/identities?owner=sorter%40example.test&sort=expires&order=asc"))
    names = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "table tbody th")]
    assert names == ["sort-0", "sort-1", "sort-2"], names
    assert driver.find_element(By.CSS_SELECTOR, "th[aria-sort]").get_attribute("aria-sort") == "ascending"
    # A bad sort is a clear error.
    answer = session_of(driver).get(url(server, "/identities?sort=colour"), timeout=10)
    assert answer.status_code == 422 and "sort is one of" in answer.text, answer.text[:500]


def test_administrator_graduates_a_prototype_from_its_page(server, driver):
    body = {"name": "grad-proto", "kind": "agent", "owner": "gina@example.test", "purpose": "try an idea", "template": "prototype"}
    proto = server.api("POST", "/t/default/v1/identities", json=body)
    assert proto.status_code == 201, proto.text
    sso(driver, server, "alice")
    driver.get(url(server, f"/identities/{proto.json()['id']}"))
    wait_heading(driver, "grad-proto")
    name = driver.find_element(By.ID, "act-graduate-name")
    name.clear()
    name.send_keys("grad-managed")
    driver.find_element(By.ID, "act-graduate-reason").send_keys("the idea works")
    driver.find_element(By.XPATH, "//button[text()='Graduate to managed']").click()
    wait_heading(driver, "grad-managed")
    managed = server.api("GET", "/t/default/v1/identities/grad-managed").json()
    assert managed["stage"] == "managed" and managed["graduatedFrom"] == proto.json()["id"], managed
    assert server.api("GET", f"/t/default/v1/identities/{proto.json()['id']}").json()["graduatedTo"] == managed["id"]


# ----- 3. a builder ------------------------------------------------------------------------------------------------

def expected_csrf(session_token: str) -> str:
    """The console's CSRF token of a session: base64url(HMAC-SHA256(key = the session cookie, "lanyard-console-csrf")),
    as ConsoleSignIn.csrfToken makes it -- anyone holding the cookie (the session's own browser) can make it."""
    mac = hmac.new(session_token.encode(), b"lanyard-console-csrf", hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def test_builder_cannot_approve_or_act_even_by_crafting_the_post(server, driver):
    own = register(server, "bobs-tool", owner="bob@example.test")
    _, asked = pending_request(server, "bobs-asking-agent")
    sso(driver, server, "bob", start=url(server, "/"))
    token = console_cookie(driver)
    csrf = expected_csrf(token)
    on_page = driver.find_elements(By.CSS_SELECTOR, "input[type=hidden][name=csrf]")
    if on_page:
        assert on_page[0].get_attribute("value") == csrf, "the CSRF token is the session's"
    session = session_of(driver)
    before = len(audit_events(server))

    # The request page offers him no decision; the crafted approve (and deny) POST, with a valid CSRF token, is refused.
    shown = session.get(url(server, f"/requests/{asked['id']}"), allow_redirects=False, timeout=10)
    assert 'id="approve-reason"' not in shown.text and "/approve" not in shown.text, shown.status_code
    for verb in ("approve", "deny"):
        crafted = session.post(url(server, f"/requests/{asked['id']}/{verb}"), data={"csrf": csrf, "reason": "lgtm"},
                               allow_redirects=False, timeout=10)
        assert crafted.status_code == 403, (verb, crafted.status_code, crafted.text[:300])
    assert request_status(server, asked["id"]) == "requested"
    assert not allowed(server, asked["identity"])

    # Admin actions on his own identity: those his page does not offer are refused when crafted, and change nothing.
    page = session.get(url(server, f"/identities/{own['id']}"), allow_redirects=False, timeout=10).text
    offered = {name for name in ("extend", "transfer", "suspend", "resume", "offboard", "revoke-credentials")
               if f"/identities/{own['id']}/{name}\"" in page}
    state = server.api("GET", f"/t/default/v1/identities/{own['id']}").json()
    crafted_actions = {}
    for name, form in [("offboard", {"reason": "crafted"}), ("transfer", {"owner": "bob2@example.test"}),
                       ("suspend", {"reason": "crafted"}), ("revoke-credentials", {"reason": "crafted"}), ("extend", {"by": "30d"})]:
        if name in offered:
            continue
        answer = session.post(url(server, f"/identities/{own['id']}/{name}"), data={"csrf": csrf, **form},
                              allow_redirects=False, timeout=10)
        crafted_actions[name] = answer.status_code
    assert crafted_actions and set(crafted_actions.values()) == {403}, (offered, crafted_actions)
    after = server.api("GET", f"/t/default/v1/identities/{own['id']}").json()
    assert (after["status"], after["owner"], after.get("expiresAt")) == (state["status"], state["owner"], state.get("expiresAt"))
    changed = [e["action"] for e in audit_events(server)[before:] if not e["action"].endswith((".refuse", "admin.deny"))]
    assert not [a for a in changed if a.startswith(("access_request.", "identity.", "credential."))], changed


def test_builder_sees_only_the_identities_he_owns(server, driver):
    mine = [register(server, "bob-owned-1", owner="bob@example.test"), register(server, "bob-owned-2", owner="bob@example.test")]
    other = register(server, "carol-owned", owner="carol@example.test")
    sso(driver, server, "bob", start=url(server, "/"))
    # The overview is for roles that may read the posture; a builder lands on his inventory.
    landed = driver.current_url
    heading = driver.find_element(By.TAG_NAME, "h1").text
    assert on_console(server, "/identities")(landed) and heading == "Inventory", \
        f"builder landed on {landed}: {heading!r} / {driver.find_element(By.TAG_NAME, 'main').text[:300]!r}"
    assert "builder" in driver.find_element(By.CSS_SELECTOR, "header.top").text
    names = {a.text for a in driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr th a")}
    assert {i["name"] for i in mine} <= names and other["name"] not in names, names
    # Searching for someone else's identity finds nothing; opening it is refused.
    driver.get(url(server, "/identities?q=carol-owned"))
    assert driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr") == []
    foreign = session_of(driver).get(url(server, f"/identities/{other['id']}"), allow_redirects=False, timeout=10)
    assert foreign.status_code in (403, 404) and "carol-owned" not in foreign.text, foreign.status_code


# ----- 4. attacks --------------------------------------------------------------------------------------------------

def test_state_changes_need_the_sessions_csrf_token(server, driver):
    _, asked = pending_request(server, "csrf-agent")
    sso(driver, server, "rita")
    session = session_of(driver)
    before = len(audit_events(server))
    target = url(server, f"/requests/{asked['id']}/approve")
    for form in ({"reason": "no token"}, {"reason": "wrong", "csrf": "A" * 43}, {"reason": "empty", "csrf": ""}):
        answer = session.post(target, data=form, allow_redirects=False, timeout=10)
        assert answer.status_code == 403, (form, answer.status_code, answer.text[:300])
    # Another session's token does not do either.
    other = start_browser()
    try:
        sso(other, server, "alice")
        foreign_csrf = csrf_on(other)
    finally:
        other.quit()
    answer = session.post(target, data={"reason": "other session's token", "csrf": foreign_csrf}, allow_redirects=False, timeout=10)
    assert answer.status_code == 403, answer.status_code
    assert request_status(server, asked["id"]) == "requested"
    assert [e["action"] for e in audit_events(server)[before:] if e["action"].startswith("access_request")] == []
    # Sign-out needs it too: the session survives a cross-site sign-out attempt.
    assert session.post(url(server, "/signout"), data={"x": "1"}, allow_redirects=False, timeout=10).status_code == 403
    assert session.get(url(server, "/requests"), allow_redirects=False, timeout=10).status_code == 200
    # Not a form at all (an empty body, a cross-site text/plain form, JSON): refused as a bad request or as a missing
    # token, never a server error; nothing changes.
    bodies = {"empty": {}, "text/plain": {"data": "csrf=x&reason=y", "headers": {"Content-Type": "text/plain"}},
              "json": {"json": {"reason": "y"}}}
    answers = {}
    for name, kwargs in bodies.items():
        for path in (f"/requests/{asked['id']}/approve", "/signout"):
            answers[(name, path)] = session.post(url(server, path), allow_redirects=False, timeout=10, **kwargs).status_code
    assert request_status(server, asked["id"]) == "requested"
    assert session.get(url(server, "/requests"), allow_redirects=False, timeout=10).status_code == 200
    assert {key: status for key, status in answers.items() if status not in (400, 403, 415)} == {}, answers


def test_forged_random_and_ended_session_cookies_go_to_sign_in(server, driver):
    for value in ("lycs_" + secrets.token_urlsafe(32), secrets.token_hex(16), "lycs_", "x" * 300):
        forged = requests.get(url(server, "/requests"), cookies={"lanyard_console": value}, allow_redirects=False, timeout=10)
        assert forged.status_code == 303, (value[:20], forged.status_code)
        assert urlsplit(forged.headers["Location"]).path == BASE + "/signin", forged.headers["Location"]
    sso(driver, server, "rita")
    token = console_cookie(driver)
    live = requests.get(url(server, "/requests"), cookies={"lanyard_console": token}, allow_redirects=False, timeout=10)
    assert live.status_code == 200
    # Sign out in the browser (the form in the header, with its CSRF token).
    driver.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
    wait_url(driver, on_console(server, "/signin"), what="the sign-in page after signing out")
    assert not [c for c in driver.get_cookies() if c["name"] == "lanyard_console" and c["value"]]
    ended = requests.get(url(server, "/requests"), cookies={"lanyard_console": token}, allow_redirects=False, timeout=10)
    assert ended.status_code == 303 and urlsplit(ended.headers["Location"]).path == BASE + "/signin", ended.status_code
    post = requests.post(url(server, "/signout"), cookies={"lanyard_console": token}, data={"csrf": "x"}, allow_redirects=False, timeout=10)
    assert post.status_code in (401, 403), post.status_code
    signouts = [e for e in audit_events(server) if e["action"] == "console.signout"]
    assert signouts and signouts[-1]["details"]["email"] == "rita@example.test", signouts


def break_glass(server: Server) -> tuple[requests.Session, str]:
    """A console session opened with the bootstrap token, without a browser: (the requests session, its session id)."""
    web = requests.Session()
    assert web.get(url(server, "/signin"), timeout=10).status_code == 200
    answer = web.post(url(server, "/signin/token"), data={"token": server.token, "csrf": web.cookies.get("lanyard_signin")},
                      allow_redirects=False, timeout=10)
    assert answer.status_code == 303, (answer.status_code, answer.text[:300])
    session_id = [e for e in audit_events(server) if e["action"] == "console.signin"][-1]["target"].split(":", 1)[1]
    return web, session_id


def test_idle_and_expired_sessions_go_to_sign_in(server):
    """Time passing is simulated by ageing the stored session rows (the server keeps sessions in its SQLite database):
    one unused for 31 minutes (idle timeout 30 min), one past its absolute end (12 h)."""
    idle, idle_id = break_glass(server)
    old, old_id = break_glass(server)
    fresh, _ = break_glass(server)
    for web in (idle, old, fresh):
        assert web.get(url(server, "/requests"), allow_redirects=False, timeout=10).status_code == 200
    now = int(time.time())
    with sqlite3.connect(server.data_dir / "lanyard.db", timeout=10) as db:
        db.execute("UPDATE console_sessions SET last_seen_at = ? WHERE id = ?", (now - 31 * 60, idle_id))
        db.execute("UPDATE console_sessions SET created_at = ?, expires_at = ? WHERE id = ?", (now - 13 * 3600, now - 3600, old_id))
    for name, web in (("idle", idle), ("expired", old)):
        answer = web.get(url(server, "/requests"), allow_redirects=False, timeout=10)
        assert answer.status_code == 303 and urlsplit(answer.headers["Location"]).path == BASE + "/signin", (name, answer.status_code)
        token = web.cookies.get("lanyard_console")
        post = web.post(url(server, "/signout"), data={"csrf": expected_csrf(token)}, allow_redirects=False, timeout=10)
        assert post.status_code == 401, (name, post.status_code)
    assert fresh.get(url(server, "/requests"), allow_redirects=False, timeout=10).status_code == 200


@pytest.mark.parametrize("mode", ["aud", "nonce", "signature", "iss", "exp", "alg_none"])
def test_spoiled_id_tokens_are_refused(server, op, driver, mode):
    before = len([e for e in audit_events(server) if e["action"] == "console.signin.refuse"])
    signins_before = len([e for e in audit_events(server) if e["action"] == "console.signin"])
    driver.get(url(server, "/signin"))
    driver.find_element(By.LINK_TEXT, "Sign in with your company SSO").click()
    with op.tampering(mode):
        sign_in(driver, "rita", "rita-password")
        wait_url(driver, lambda u: "/sso/callback" in u, what="the callback")
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.TAG_NAME, "h1"))
    assert op.tampered and op.tampered[-1]["mode"] == mode
    assert driver.find_element(By.TAG_NAME, "h1").text == "Sign-in needed", driver.page_source[:800]
    assert "Sign-in refused" in driver.find_element(By.TAG_NAME, "main").text
    assert not [c for c in driver.get_cookies() if c["name"] == "lanyard_console"]
    # The same callback replayed with requests: refused with 401 (the state is used up as well).
    replay = requests.get(driver.current_url, allow_redirects=False, timeout=10)
    assert replay.status_code == 401, replay.status_code
    refusals = [e for e in audit_events(server) if e["action"] == "console.signin.refuse"]
    assert len(refusals) >= before + 1, refusals[before:]
    assert len([e for e in audit_events(server) if e["action"] == "console.signin"]) == signins_before
    console_errors(driver)  # the 401 page logs its status as a failed load; nothing else is checked here


def test_spoiled_id_token_answers_401(server, op):
    """The callback's status itself (the browser hides it): drive the flow with requests."""
    web = requests.Session()
    start = web.get(url(server, "/sso/start?return_to=" + quote(BASE + "/requests")), allow_redirects=False, timeout=10)
    assert start.status_code == 303 and start.headers["Location"].startswith(op.authorization_endpoint), start.headers
    # The provider's sign-in form, posted as the browser would.
    form = web.get(start.headers["Location"], timeout=10)
    assert form.status_code == 200 and 'name="token"' in form.text, form.text[:500]
    token = form.text.split('name="token" value="')[1].split('"')[0]
    with op.tampering("aud"):
        back = web.post(op.issuer + "/verify/user", data={"token": token, "username": "rita", "password": "rita-password"},
                        allow_redirects=False, timeout=10)
        assert back.status_code == 302 and "/sso/callback" in back.headers["Location"], back.headers
        callback = web.get(back.headers["Location"], allow_redirects=False, timeout=10)
    assert callback.status_code == 401, (callback.status_code, callback.text[:500])
    assert "audience" in callback.text
    assert "lanyard_console=lycs_" not in callback.headers.get("Set-Cookie", "")
    last = [e for e in audit_events(server) if e["action"] == "console.signin.refuse"][-1]
    assert "audience" in last["details"]["reason"], last


@pytest.mark.parametrize("return_to", ["https://evil.example/", "//evil.example", "/\\evil.example", "https:evil.example",
                                       BASE + "/../../../evil", "/t/other/console/"])
def test_return_to_never_leaves_the_console(server, driver, return_to):
    sso(driver, server, "rita", start=url(server, "/sso/start?return_to=" + quote(return_to, safe="")))
    wait_url(driver, on_console(server, ""), what="the console's front page")
    parts = urlsplit(driver.current_url)
    assert f"{parts.scheme}://{parts.netloc}" == server.url and "evil" not in driver.current_url, driver.current_url
    # Through the sign-in page's parameter as well.
    driver.get(url(server, "/signin?return_to=" + quote(return_to, safe="")))
    hidden = driver.find_element(By.CSS_SELECTOR, "input[name=return_to]").get_attribute("value")
    assert hidden == BASE + "/", hidden
    sso_href = driver.find_element(By.LINK_TEXT, "Sign in with your company SSO").get_attribute("href")
    assert "evil" not in sso_href, sso_href


def test_return_to_inside_the_console_is_kept(server, driver):
    driver.get(url(server, "/requests?cursor="))
    wait_url(driver, on_console(server, "/signin"), what="sign-in")
    driver.find_element(By.LINK_TEXT, "Sign in with your company SSO").click()
    sign_in(driver, "rita", "rita-password")
    wait_url(driver, on_console(server, "/requests"), what="the page asked for before signing in")


def test_html_in_an_identitys_purpose_is_escaped(server, driver):
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">"\'&'
    made = server.api("POST", "/t/default/v1/identities",
                      json={"name": "<b>bold</b>", "kind": "agent", "owner": "bob@example.test", "purpose": "x"})
    assert made.status_code == 422, "names are restricted; the payload goes in the purpose and the owner"
    identity = register(server, "injection-agent", owner='mallory"><script>alert(3)</script>', purpose=payload)
    sso(driver, server, "rita")
    session = session_of(driver)
    for path in (f"/identities/{identity['id']}", "/identities?q=injection-agent", "/identities?q=" + quote("<script>")):
        driver.get(url(server, path))
        source = session.get(url(server, path), timeout=10).text
        assert "<script>" not in source.lower() and "<img" not in source.lower(), path
        assert "onerror=\"alert" not in source, path
        alerts = driver.find_elements(By.TAG_NAME, "script") + driver.find_elements(By.CSS_SELECTOR, "main img")
        assert alerts == [], path
        assert [e for e in console_errors(driver) if "favicon.ico" not in e["message"]] == [], path
    page = session.get(url(server, f"/identities/{identity['id']}"), timeout=10).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, page[:2000]
    driver.get(url(server, f"/identities/{identity['id']}"))
    assert payload in driver.find_element(By.TAG_NAME, "main").text, "shown as text, exactly"


def test_break_glass_sign_in_with_the_bootstrap_token(server, driver):
    driver.get(url(server, "/signin"))
    driver.find_element(By.TAG_NAME, "summary").click()
    label = driver.find_element(By.XPATH, "//label[normalize-space()='Administrator token']")
    field = driver.find_element(By.ID, label.get_attribute("for"))
    # A wrong token first: refused, audited, no session.
    field.send_keys("lyt_" + secrets.token_urlsafe(24))
    driver.find_element(By.XPATH, "//button[normalize-space()='Sign in with token']").click()
    WebDriverWait(driver, 10).until(lambda d: "/signin/token" in d.current_url)
    assert "Sign-in" in driver.find_element(By.TAG_NAME, "h1").text, driver.page_source[:500]
    assert not [c for c in driver.get_cookies() if c["name"] == "lanyard_console"]
    refusal = [e for e in audit_events(server) if e["action"] == "console.signin.refuse"][-1]
    assert "token" in refusal["details"]["reason"], refusal
    # The form without its sign-in CSRF cookie: refused.
    direct = requests.post(url(server, "/signin/token"), data={"token": server.token, "csrf": "x"}, allow_redirects=False, timeout=10)
    assert direct.status_code == 403, direct.status_code
    wrong = requests.Session()
    wrong.get(url(server, "/signin"), timeout=10)
    answer = wrong.post(url(server, "/signin/token"), data={"token": "nope", "csrf": wrong.cookies.get("lanyard_signin")},
                        allow_redirects=False, timeout=10)
    assert answer.status_code == 401, answer.status_code
    # A decision point's token is no administrator's: refused.
    pep = server.api("POST", "/t/default/v1/admin/tokens", json={"role": "pep", "description": "gateway"})
    assert pep.status_code == 201, pep.text
    wrong.get(url(server, "/signin"), timeout=10)
    answer = wrong.post(url(server, "/signin/token"), data={"token": pep.json()["token"], "csrf": wrong.cookies.get("lanyard_signin")},
                        allow_redirects=False, timeout=10)
    assert answer.status_code == 403 and "lanyard_console=lycs_" not in answer.headers.get("Set-Cookie", ""), answer.status_code

    # The bootstrap token signs in.
    driver.get(url(server, "/signin"))
    driver.find_element(By.TAG_NAME, "summary").click()
    driver.find_element(By.ID, "signin-token").send_keys(server.token)
    driver.find_element(By.XPATH, "//button[normalize-space()='Sign in with token']").click()
    wait_url(driver, on_console(server, ""), what="the overview after break-glass")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Overview"
    assert "tenant-admin" in driver.find_element(By.CSS_SELECTOR, "header.top").text
    signin = [e for e in audit_events(server) if e["action"] == "console.signin"][-1]
    assert signin["details"]["method"] == "admin-token", signin
    assert server.token not in str(signin)


def test_cli_sets_shows_and_removes_the_sso_configuration_without_the_secret(tmp_path):
    """`lanyard tenant sso set|show|remove`: the secret goes in from a file and never comes out; each change audited."""
    from lanyard_harness import cli, cli_json
    instance = Server(tmp_path).start()
    try:
        secret = tmp_path / "secret.txt"
        secret.write_text("an-sso-client-secret\n")
        shown = cli_json(instance, "tenant", "sso", "set", "--issuer", "https://login.example.com", "--client-id", "lanyard",
                         "--client-authentication", "client_secret_post", "--client-secret-file", str(secret),
                         "--role", "admins=tenant-admin", "--role", "eng=builder")
        assert shown["hasClientSecret"] is True and shown["roles"] == {"admins": "tenant-admin", "eng": "builder"}
        assert shown["redirectUri"] == f"{instance.url}/t/default/console/sso/callback" and "jwksUri" not in shown
        again = cli_json(instance, "tenant", "sso", "show")
        assert again["clientAuthentication"] == "client_secret_post"
        assert "an-sso-client-secret" not in cli(instance, "tenant", "sso", "show", "--output", "json").stdout
        refused = cli(instance, "tenant", "sso", "set", "--issuer", "https://login.example.com", "--client-id", "lanyard",
                      "--role", "admins=platform-admin")
        assert refused.returncode != 0 and "console role" in refused.stderr
        assert cli(instance, "tenant", "sso", "remove").returncode == 0
        assert cli(instance, "tenant", "sso", "show").returncode != 0
        events = [e for e in audit_events(instance) if e["action"] in ("sso.set", "sso.remove")]
        assert [e["action"] for e in events] == ["sso.set", "sso.remove"]
        assert all("an-sso-client-secret" not in str(e) for e in events)
    finally:
        instance.stop()
