"""Harvest the campaign's profile pages from its website into ``data/``.

One module per job: :mod:`discover` (index pages, pager, profile links), :mod:`fetch`
(a polite HTTP client: robots.txt, delay, two requests at a time, retries, conditional
GET), :mod:`html2text` (a page's HTML to the text layout the profile reader reads),
:mod:`sources` (the sources file and atomic writes), :mod:`editions` (language editions
into ``members.csv``) and :mod:`run` (the harvest itself). Nothing in ``profile/`` or
``rdf/`` imports this package.
"""
