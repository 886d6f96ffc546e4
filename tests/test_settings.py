"""Settings: defaults < config file < environment < flags; bad values named, exit 2."""

import subprocess
import sys
from pathlib import Path

import click
import pytest

from hrgraph.cli import main
from hrgraph.settings import Settings, SettingsError, load, shown


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


def test_data_and_build_are_relative_to_the_working_directory_and_the_rest_is_shipped():
    s = load(environ={})
    assert s.data_dir == Path("data") and s.build_dir == Path("build")
    assert (s.ontology_dir / "hrgraph.ttl").is_file()
    assert (s.shapes_dir / "hrgraph-shapes.ttl").is_file()
    assert sorted(s.queries_dir.glob("*.rq"))


@pytest.mark.parametrize(
    ("environ", "config", "words"),
    [
        ({"HRGRAPH_PORT": "abc"}, None, ["HRGRAPH_PORT", "port", "'abc'"]),
        ({"HRGRAPH_QUERY_TIMEOUT_S": "soon"}, None, ["HRGRAPH_QUERY_TIMEOUT_S", "a number"]),
        ({}, "bogus = 1\n", ["unknown setting 'bogus'"]),
        ({}, 'max_rows = "many"\n', ["max_rows", "'many'"]),
        ({}, "port = 8080.5\n", ["port", "8080.5"]),
        ({}, "service_allowlist = [1]\n", ["service_allowlist"]),
        ({}, "port = \n", ["not a TOML file"]),
    ],
)
def test_a_bad_setting_is_named(tmp_path, environ, config, words):
    if config is not None:
        path = tmp_path / "hrgraph.toml"
        path.write_text(config)
        environ = {**environ, "HRGRAPH_CONFIG": str(path)}
    with pytest.raises(SettingsError) as caught:
        load(environ=environ)
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize("verb", ["build", "query", "validate", "serve"])
def test_every_verb_reports_a_bad_setting_and_exits_2(tmp_path, verb):
    (tmp_path / "hrgraph.toml").write_text("max_rowz = 5\n")
    args = {"query": ["query", "ASK {}"]}.get(verb, [verb])
    done = subprocess.run(
        [sys.executable, "-m", "hrgraph.cli", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HRGRAPH_PORT": "8080"},
    )
    assert done.returncode == 2, done.stderr
    assert "unknown setting 'max_rowz'" in done.stderr
    assert "Traceback" not in done.stderr
    bad_port = subprocess.run(
        [sys.executable, "-m", "hrgraph.cli", *args],
        cwd=tmp_path.parent,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HRGRAPH_PORT": "abc"},
    )
    assert bad_port.returncode == 2 and "HRGRAPH_PORT" in bad_port.stderr
    assert "Traceback" not in bad_port.stderr


def _help(verb: str) -> str:
    ctx = click.Context(main)
    return main.get_command(ctx, verb).get_help(click.Context(main.get_command(ctx, verb)))


def test_help_shows_the_defaults_of_the_settings_table():
    flags = {
        "build": {"--data": "data_dir", "--out": "build_dir", "--base-uri": "base_uri"},
        "query": {"--build": "build_dir"},
        "validate": {"--build": "build_dir", "--shapes": "shapes_dir"},
        "serve": {"--build": "build_dir", "--host": "host", "--port": "port"},
    }
    for verb, options in flags.items():
        text = " ".join(_help(verb).split())
        for flag, setting in options.items():
            assert flag in text
            assert f"[default: {shown(setting)}]" in text, (verb, flag)
    assert f"[default: {shown('workers')}]" in " ".join(_help("serve").split())
    names = {n for n, *_ in Settings.help()}
    assert {"build_dir", "port", "workers", "shapes_dir"} <= names
