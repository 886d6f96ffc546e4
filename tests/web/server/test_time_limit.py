"""The time limit on the real server (gunicorn): a query past it is answered 503, its
worker is replaced while the others go on serving; and an allowed SERVICE call."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# A cross product of every triple with every triple with every triple: hours of work.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = "ASK { ?s a hrg:Member }"


def test_timeout_answers_503_stops_the_evaluation_and_others_are_served(tight_server):
    before = tight_server.workers()
    assert len(before) == 2
    served = []
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(tight_server.post_query, SLOW)
        for _ in range(500):  # others keep being answered while the slow query runs
            if slow.done():
                break
            served.append(tight_server.get({"query": CHEAP}).status)
        reply = slow.result()
    assert reply.status == 503, reply.text
    assert "time limit" in reply.text and "query_timeout_s" in reply.text
    assert reply.header("Access-Control-Allow-Origin") == "*"
    assert served and set(served) == {200}
    # The worker that evaluated it is gone (and the runaway evaluation with it); a new
    # worker has taken its place.
    for _ in range(200):
        after = tight_server.workers()
        if len(after) == 2 and after != before:
            break
        time.sleep(0.05)
    assert len(after) == 2 and after != before
    gone = before - after
    assert len(gone) == 1 and not Path(f"/proc/{gone.pop()}").exists()
    assert tight_server.get({"query": CHEAP}).status == 200


def test_allowlisted_service_is_called(tight_server):
    # 127.0.0.1 is allowlisted on this server: a federated query to itself.
    query = (
        f"SELECT ?m WHERE {{ SERVICE <http://127.0.0.1:{tight_server.port}/sparql> "
        "{ ?m a <https://w3id.org/hrgraph/ontology#Member> } }"
    )
    reply = tight_server.get({"query": query})
    assert reply.status == 200, reply.text
    members = [b["m"]["value"] for b in json.loads(reply.body)["results"]["bindings"]]
    assert members and all(m.startswith("https://w3id.org/hrgraph/id/") for m in members)
