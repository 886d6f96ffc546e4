"""Reconciliation: matching names people hold (spreadsheets, registries) to the graph.

``names`` folds a name into the key it is compared by, ``index`` gathers once per
release every name of the members, programmes and themes with what a client may
filter or extend by, ``match`` scores candidates. The web service (web/reconcile.py)
and ``hrgraph link`` (cli/link.py) both use them; nothing here imports either.
"""
