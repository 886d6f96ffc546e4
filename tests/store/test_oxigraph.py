"""The Oxigraph server as a second target: ``hrgraph publish`` without auth through its
Graph Store endpoint, then every example query answers as on the embedded store."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from engines import running_oxigraph
from helpers import ROOT
from hrgraph.cli import main
from hrgraph.rdf.uris import Minter
from hrgraph.store.remote import RemoteBackend

from .test_backends import BASE, answers, embedded, form_of  # noqa: F401

EXAMPLES = sorted((ROOT / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def oxigraph(build_dir, tmp_path_factory):
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as server:
        args = ["publish", "--endpoint", server.endpoint, "--graph-store", server.graph_store]
        result = CliRunner().invoke(main, [*args, "--build", str(build_dir)])
        assert result.exit_code == 0, result.output
        again = CliRunner().invoke(main, [*args, "--build", str(build_dir)])
        assert " 0 added, 0 replaced," in again.stdout, again.output
        backend = RemoteBackend(server.endpoint, 30, str(Minter(BASE).merged_graph()))
        yield backend
        backend.close()


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_query_answers_the_same(embedded, oxigraph, path):  # noqa: F811
    text = path.read_text("utf-8")
    form = form_of(text)
    assert answers(oxigraph.answer(text, None, form=form)) == answers(
        embedded.answer(text, None, form=form)
    )


def test_ask_and_describe(embedded, oxigraph):  # noqa: F811
    for query in ("ASK { ?m a hrg:City }", f"DESCRIBE <{BASE}id/territory/fr/gennevilliers>"):
        form = form_of(query)
        here, there = (
            embedded.answer(query, None, form=form),
            oxigraph.answer(query, None, form=form),
        )
        assert answers(there) == answers(here), query
