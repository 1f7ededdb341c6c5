"""gunicorn.conf.py (used by `make run` and the README's deployment line): no `Server` header.

gunicorn is started for real on a free loopback port and asked for a static file; the same server
started without the config file still says `Server: gunicorn`, so the test shows the config is what
removes it."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from yingcai.core.keys import write_missing_key_files

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def headers_from_gunicorn(config: Path, tmp_path: Path) -> dict[str, str]:
    port = free_port()
    write_missing_key_files(tmp_path)  # the scratch install's own secrets, as `make setup` writes them
    env = {**os.environ, "YINGCAI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "yingcai.settings"}
    server = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(config),
            "yingcai.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(300):  # until the worker answers (at most ~30 s), or gunicorn gave up
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited: {server.stderr.read().decode()}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", "/static/css/console.css")
                response = connection.getresponse()
                response.read()
                connection.close()
                assert response.status == 200
                return {name.lower(): value for name, value in response.getheaders()}
            except ConnectionRefusedError:
                time.sleep(0.1)
        pytest.skip("gunicorn did not start listening")
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()


def test_the_config_file_removes_the_server_header(tmp_path):
    with_config = headers_from_gunicorn(ROOT / "gunicorn.conf.py", tmp_path)
    assert "server" not in with_config
    assert "date" in with_config  # gunicorn's other headers are still written

    empty = tmp_path / "empty.conf.py"
    empty.write_text("")
    assert headers_from_gunicorn(empty, tmp_path)["server"] == "gunicorn"


def test_make_run_and_the_readme_use_the_config_file():
    assert "gunicorn -c gunicorn.conf.py" in (ROOT / "Makefile").read_text()
    assert "gunicorn -c gunicorn.conf.py" in (ROOT / "README.md").read_text()
