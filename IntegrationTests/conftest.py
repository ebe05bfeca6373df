import pytest

from lanyard_harness import Server

# Fixtures shared by the console's browser tests: `oidc_provider` (a real OpenID Provider, see
# oidc_provider.py) and `browser` (headless Chromium through Selenium, see browser.py).
from oidc_provider import oidc_provider  # noqa: F401
from browser import browser  # noqa: F401


def pytest_configure(config):
    # idpyoidc warns, on each sign-in page it renders, that its password method is for testing only.
    config.addinivalue_line("filterwarnings", "ignore::idpyoidc.server.exception.OnlyForTestingWarning")


@pytest.fixture
def server(tmp_path):
    instance = Server(tmp_path).start()
    yield instance
    instance.stop()
