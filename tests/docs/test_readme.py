"""The README documents what users depend on."""

from helpers import ROOT
from hrgraph.settings import Settings

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_with_its_environment_variable():
    for name, env, _, _ in Settings.help():
        assert f"| `{name}` | `{env}` |" in README, name


def test_the_two_setup_commands_are_in_the_readme():
    assert "make serve" in README and "make test" in README
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
