"""The small HTTP interface web tests use, in-process or over a real socket."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass
class Reply:
    status: int
    headers: object
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


class Requests:
    """get / post_form / post_query over a ``request(method, path, params, headers, body)``."""

    def request(self, method, path="/sparql", params=None, headers=None, body=None) -> Reply:
        raise NotImplementedError

    @staticmethod
    def with_query(path: str, params) -> str:
        return path + "?" + urlencode(params, doseq=True) if params else path

    def get(self, params=None, **kw) -> Reply:
        return self.request("GET", params=params, **kw)

    def post_form(self, fields, **kw) -> Reply:
        headers = {"Content-Type": "application/x-www-form-urlencoded", **kw.pop("headers", {})}
        return self.request("POST", body=urlencode(fields, doseq=True), headers=headers, **kw)

    def post_query(self, query: str, **kw) -> Reply:
        headers = {"Content-Type": "application/sparql-query", **kw.pop("headers", {})}
        return self.request("POST", body=query.encode("utf-8"), headers=headers, **kw)
