import pytest

from lanyard_harness import Server


@pytest.fixture
def server(tmp_path):
    instance = Server(tmp_path).start()
    yield instance
    instance.stop()
