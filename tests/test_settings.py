"""Settings: defaults < config file < environment < flags."""

from pathlib import Path

from hrgraph.settings import load


def test_precedence(tmp_path):
    config = tmp_path / "hrgraph.toml"
    config.write_text('max_rows = 5\nport = 9000\nbase_uri = "http://file.example/"\n')
    env = {
        "HRGRAPH_CONFIG": str(config),
        "HRGRAPH_PORT": "9100",
        "HRGRAPH_SERVICE_ALLOWLIST": "a.org, b.org",
    }
    s = load(environ=env, base_uri="http://flag.example")
    assert s.max_rows == 5  # file
    assert s.port == 9100  # environment beats file
    assert s.base_uri == "http://flag.example/"  # flag beats file; a trailing slash is added
    assert s.service_allowlist == ("a.org", "b.org")
    assert load(environ={}, build_dir="x").build_dir == Path("x")
    assert load(environ={}).max_rows == 10_000
