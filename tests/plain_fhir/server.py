"""A plain FHIR R4 server that knows nothing of VaxDesk, for the sync's tests and benchmark.

Written from the FHIR R4 RESTful API page (http://hl7.org/fhir/R4/http.html) alone, on the
standard library (http.server over SQLite), sharing no code with ``central_server/`` or
``desktop_app/``. It does what the spec asks of a versioned store and nothing more:

- ``GET [base]/metadata``: a CapabilityStatement (no extensions; ``batch`` unless
  ``--no-batch``);
- ``POST [base]`` a ``batch`` Bundle of PUTs: each entry processed on its own, in order, as
  the PUT below, answered in a ``batch-response`` (status, etag, lastModified, outcome);
- ``PUT [base]/[type]/[id]``: create (201) or update (200) with a client-assigned id; the
  server stamps ``meta.versionId`` and ``meta.lastUpdated``, answers ``ETag: W/"n"``;
  ``If-Match`` not the current version: 412; no ``If-Match``: the update is made;
- ``GET [base]/[type]/[id]``: the current version with its ``ETag``; 404 if none;
- ``GET [base]/[type]?_lastUpdated=(gt|ge|lt|le|eq)INSTANT&_count=N``: a searchset Bundle,
  oldest change first, paged by ``next`` links; ``_id=a,b,c`` too (any of the ids, the
  search's common parameter).

Whatever a client puts in ``meta`` (``source``, ``profile``) is kept as sent, as most
servers do: it proves nothing about who wrote a version.

Knobs for the tests: ``--no-batch`` (a server without batch: clients PUT one by one),
``--token`` (a bearer token every call but metadata must carry),
``--etag-only`` (no ``meta.versionId`` in bodies: the version only in ``ETag``),
``--fail-if-match`` (every ``If-Match`` answered 412, a broken or racing server),
``--read-only`` (every write, a PUT or a batch entry, answered 403: a token that may only read),
``--ignore-id`` (says it searches by ``_id`` but answers as if not asked: a broken server),
``--lenient`` (unknown search parameters ignored, as the spec allows, the ``self`` link naming
only those used; without it they are refused 400, stricter for the tests),
``--log`` (one line per request: method and path, ``?_id`` after a search by id).

    python -m tests.plain_fhir.server --db FILE --port N [--base /baseR4]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

FHIR_JSON = "application/fhir+json"
MAX_COUNT = 1000


class Store:
    """Current versions of resources in one SQLite file; one writer at a time."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS resource (type TEXT, id TEXT, version INTEGER,"
            " last_updated TEXT, body TEXT, PRIMARY KEY (type, id))")
        self.conn.execute("CREATE INDEX IF NOT EXISTS ix_updated ON resource"
                          " (type, last_updated, id)")
        self.lock = threading.Lock()
        self._last = ""

    def _now(self) -> str:
        """An instant later than any stamped before (the clock may stand still or step back)."""
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        if now <= self._last:
            now = _plus_one_microsecond(self._last)
        self._last = now
        return now

    def read(self, type_: str, id_: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT body FROM resource WHERE type = ? AND id = ?",
                                (type_, id_)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, type_: str, id_: str, resource: dict[str, Any], if_match: str | None
            ) -> tuple[int, dict[str, Any] | None]:
        """(status, stored resource); 412 with None when ``If-Match`` is not current."""
        with self.lock:
            current = self.read(type_, id_)
            version = int(current["meta"]["versionId"]) if current else 0
            if if_match is not None and if_match != str(version):
                return 412, None
            stamped = dict(resource)
            stamped["meta"] = {**(resource.get("meta") or {}), "versionId": str(version + 1),
                               "lastUpdated": self._now()}
            self.conn.execute(
                "INSERT OR REPLACE INTO resource VALUES (?, ?, ?, ?, ?)",
                (type_, id_, version + 1, stamped["meta"]["lastUpdated"],
                 json.dumps(stamped, ensure_ascii=False)))
            return (200 if current else 201), stamped

    def search(self, type_: str, after: tuple[str, str] | None, bounds: list[tuple[str, str]],
               count: int, ids: list[list[str]] | None = None) -> list[dict[str, Any]]:
        sql = "SELECT body FROM resource WHERE type = ?"
        args: list[Any] = [type_]
        for any_of in ids or ():  # each _id parameter: any of its comma list
            sql += f" AND id IN ({','.join('?' * len(any_of))})"
            args += any_of
        for op, instant in bounds:
            sql += f" AND last_updated {op} ?"
            args.append(instant)
        if after:
            sql += " AND (last_updated, id) > (?, ?)"
            args += list(after)
        sql += " ORDER BY last_updated, id LIMIT ?"
        args.append(count)
        return [json.loads(r[0]) for r in self.conn.execute(sql, args)]


def _plus_one_microsecond(instant: str) -> str:
    t = datetime.strptime(instant, "%Y-%m-%dT%H:%M:%S.%fZ") + timedelta(microseconds=1)
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_OPS = {"gt": ">", "ge": ">=", "lt": "<", "le": "<=", "eq": "="}


def _instant(text: str) -> str:
    """A search's instant in the stored form (UTC, microseconds) for string comparison."""
    t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _outcome(code: str, text: str) -> dict[str, Any]:
    return {"resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": code, "diagnostics": text}]}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as clients expect of a FHIR server
    # One write per answer, sent at once: headers and body in two small packets would meet
    # delayed ACKs (40 ms a request), as any production server avoids.
    wbufsize = -1
    disable_nagle_algorithm = True
    server: PlainFhirServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        pass

    # -- routing --------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._route("GET")

    def do_PUT(self) -> None:  # noqa: N802
        self._route("PUT")

    def do_POST(self) -> None:  # noqa: N802
        self._route("POST")

    def _route(self, method: str) -> None:
        url = urlsplit(self.path)
        # A search by id is told apart from the pull's (tests count them).
        self.server.note(f"{method} {url.path}" + ("?_id" if "_id" in parse_qs(url.query)
                                                   else ""))
        if self.server.identity_bodies and \
                self.headers.get("Content-Encoding", "identity") != "identity":
            # RFC 7694, section 3: a body coding the server does not take is 415, saying
            # which it takes (FHIR asks no server to take gzip bodies).
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            return self._send(415, _outcome("not-supported", "Content-Encoding not supported"),
                              accept_encoding="identity")
        body = self._body()
        base = self.server.base
        if not url.path.startswith(base + "/") and url.path != base:
            return self._send(404, _outcome("not-found", "not a FHIR path"))
        parts = [p for p in url.path[len(base):].split("/") if p]
        if parts == ["metadata"] and method == "GET":
            return self._send(200, self.server.capabilities())
        if self.server.token and \
                self.headers.get("Authorization") != f"Bearer {self.server.token}":
            return self._send(401, _outcome("login", "a bearer token is required"))
        if not parts and method == "POST" and self.server.batch:
            return self._batch(body)
        if len(parts) == 1 and method == "GET" and parts[0] in self.server.types:
            return self._search(parts[0], parse_qs(url.query))
        if len(parts) == 2 and parts[0] in self.server.types:
            if method == "GET":
                return self._read(*parts)
            if method == "PUT":
                return self._put(*parts, body)
        return self._send(405 if parts and parts[0] in self.server.types else 404,
                          _outcome("not-supported", f"{method} {url.path} is not supported"))

    # -- interactions ---------------------------------------------------------------------
    def _read(self, type_: str, id_: str) -> None:
        found = self.server.store.read(type_, id_)
        if found is None:
            return self._send(404, _outcome("not-found", f"{type_}/{id_} is unknown"))
        self._send(200, found, etag=found["meta"]["versionId"])

    def _put(self, type_: str, id_: str, body: bytes) -> None:
        try:
            resource = json.loads(body)
        except ValueError:
            return self._send(400, _outcome("invalid", "the body is not JSON"))
        status, answer = self.server.update(type_, id_, resource, self.headers.get("If-Match"))
        if status >= 400:
            return self._send(status, answer)
        self._send(status, answer, etag=answer["meta"]["versionId"],
                   location=f"{self.server.base}/{type_}/{id_}/_history/"
                            f"{answer['meta']['versionId']}")

    def _batch(self, body: bytes) -> None:
        try:
            bundle = json.loads(body)
            entries = bundle["entry"] if bundle.get("type") == "batch" else None
        except (ValueError, KeyError, TypeError, AttributeError):
            entries = None
        if not isinstance(entries, list):
            return self._send(400, _outcome("invalid", "a batch Bundle is expected"))
        answers = []
        for entry in entries:
            request = (entry or {}).get("request") or {}
            type_, _, id_ = str(request.get("url", "")).strip("/").partition("/")
            if request.get("method") != "PUT" or type_ not in self.server.types or not id_:
                answers.append({"response": {"status": "405", "outcome": _outcome(
                    "not-supported", "only PUT [type]/[id] in a batch")}})
                continue
            status, answer = self.server.update(type_, id_, entry.get("resource"),
                                                request.get("ifMatch"))
            if status >= 400:
                answers.append({"response": {"status": str(status), "outcome": answer}})
            else:
                answers.append({"response": {
                    "status": str(status), "etag": f'W/"{answer["meta"]["versionId"]}"',
                    "lastModified": answer["meta"]["lastUpdated"],
                    "location": f"{type_}/{id_}/_history/{answer['meta']['versionId']}"}})
        self._send(200, {"resourceType": "Bundle", "type": "batch-response",
                         "entry": answers})

    def _search(self, type_: str, query: dict[str, list[str]]) -> None:
        known = {"_lastUpdated", "_count", "_after", "_sort", "_id"}
        unknown = [k for k in query if k not in known]
        if query.get("_sort", ["_lastUpdated"]) != ["_lastUpdated"]:  # the only order kept
            return self._send(400, _outcome("not-supported", "only _sort=_lastUpdated"))
        if unknown and not self.server.lenient:  # refusing is stricter for the tests
            return self._send(400, _outcome("not-supported", f"unknown parameters {unknown}"))
        query = {k: v for k, v in query.items() if k not in unknown}  # the ones used
        try:
            bounds = [(_OPS[v[:2]], _instant(v[2:])) for v in query.get("_lastUpdated", ())]
            count = min(int((query.get("_count") or ["50"])[0]), MAX_COUNT)
            after_text = (query.get("_after") or [None])[0]
            after = tuple(after_text.split("|", 1)) if after_text else None
        except (KeyError, ValueError):
            return self._send(400, _outcome("invalid", "bad _lastUpdated, _count or _after"))
        ids = [value.split(",") for value in query.get("_id", ())] \
            if not self.server.ignore_id else None
        found = self.server.store.search(type_, after, bounds, count + 1, ids)
        page, more = found[:count], len(found) > count
        bundle: dict[str, Any] = {
            "resourceType": "Bundle", "type": "searchset",
            "link": [{"relation": "self", "url": self._own_url(type_, query)}],
            "entry": [{"fullUrl": self._own_url(f"{type_}/{r['id']}"),
                       "resource": self.server.shown(r), "search": {"mode": "match"}}
                      for r in page]}
        if more:
            last = page[-1]
            following = {k: v for k, v in query.items() if k != "_after"}
            following["_after"] = [f"{last['meta']['lastUpdated']}|{last['id']}"]
            bundle["link"].append({"relation": "next",
                                   "url": self._own_url(type_, following)})
        self._send(200, bundle)

    # -- plumbing -------------------------------------------------------------------------
    def _own_url(self, path: str, query: dict[str, list[str]] | None = None) -> str:
        host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}"
        url = f"http://{host}{self.server.base}/{path}"
        return url + ("?" + urlencode(query, doseq=True) if query else "")

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length) if length else b""
        if self.headers.get("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        return data

    def _send(self, status: int, body: dict[str, Any], etag: str | None = None,
              location: str | None = None, accept_encoding: str | None = None) -> None:
        if body.get("resourceType") not in ("OperationOutcome", "Bundle",
                                             "CapabilityStatement"):
            body = self.server.shown(body)
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", f"{FHIR_JSON}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if etag is not None:
            self.send_header("ETag", f'W/"{etag}"')
        if accept_encoding is not None:
            self.send_header("Accept-Encoding", accept_encoding)
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(data)


class PlainFhirServer(ThreadingHTTPServer):
    daemon_threads = True
    types = ("Patient", "Immunization")

    def __init__(self, port: int, db: str, base: str, token: str | None = None,
                 etag_only: bool = False, fail_if_match: bool = False,
                 log: str | None = None, batch: bool = True, read_only: bool = False,
                 identity_bodies: bool = False, ignore_id: bool = False,
                 lenient: bool = False) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.store = Store(db)
        self.base = "/" + base.strip("/") if base.strip("/") else ""
        self.token = token
        self.etag_only = etag_only
        self.fail_if_match = fail_if_match
        self.batch = batch
        self.read_only = read_only
        self.identity_bodies = identity_bodies
        self.ignore_id = ignore_id
        self.lenient = lenient
        self._log = open(log, "a", buffering=1) if log else None  # noqa: SIM115 - lives on
        self._log_lock = threading.Lock()

    def update(self, type_: str, id_: str, resource: Any, if_match: str | None
               ) -> tuple[int, dict[str, Any]]:
        """One update (PUT or batch entry): (status, stored resource or OperationOutcome)."""
        if self.read_only:
            return 403, _outcome("forbidden", "this token may read but not write")
        if not isinstance(resource, dict) or resource.get("resourceType") != type_ \
                or resource.get("id") != id_:
            return 400, _outcome("invalid", "resourceType and id must match the URL")
        wanted = if_match.strip().removeprefix("W/").strip('"') if if_match else None
        if wanted is not None and self.fail_if_match:
            wanted = "never"
        status, stored = self.store.put(type_, id_, resource, wanted)
        if stored is None:
            return 412, _outcome("conflict", f"{type_}/{id_}: If-Match {if_match} is not"
                                             " the current version")
        return status, stored

    def note(self, line: str) -> None:
        if self._log:
            with self._log_lock:
                self._log.write(line + "\n")

    def shown(self, resource: dict[str, Any]) -> dict[str, Any]:
        """A resource as answered: with ``--etag-only`` its version only in the ETag."""
        if not self.etag_only:
            return resource
        meta = {k: v for k, v in (resource.get("meta") or {}).items() if k != "versionId"}
        return {**resource, "meta": meta}

    def capabilities(self) -> dict[str, Any]:
        return {"resourceType": "CapabilityStatement", "status": "active", "kind": "instance",
                "date": "2026-12-01", "fhirVersion": "4.0.1", "format": ["json"],
                "rest": [{"mode": "server",
                          "interaction": [{"code": "batch"}] if self.batch else [],
                          "resource": [
                    {"type": t, "versioning": "versioned-update", "updateCreate": True,
                     "readHistory": False,
                     "interaction": [{"code": c} for c in ("read", "update", "search-type")],
                     "searchParam": [{"name": "_lastUpdated", "type": "date"},
                                     {"name": "_id", "type": "token"}]}
                    for t in self.types]}]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--base", default="/baseR4")
    parser.add_argument("--token")
    parser.add_argument("--etag-only", action="store_true")
    parser.add_argument("--fail-if-match", action="store_true")
    parser.add_argument("--log")
    parser.add_argument("--no-batch", action="store_true")
    parser.add_argument("--read-only", action="store_true")
    parser.add_argument("--identity-bodies", action="store_true",
                        help="refuse gzip request bodies (415), as RFC 7694 says")
    parser.add_argument("--ignore-id", action="store_true")
    parser.add_argument("--lenient", action="store_true")
    args = parser.parse_args(argv)
    server = PlainFhirServer(args.port, args.db, args.base, args.token, args.etag_only,
                             args.fail_if_match, args.log, batch=not args.no_batch,
                             read_only=args.read_only, identity_bodies=args.identity_bodies,
                             ignore_id=args.ignore_id, lenient=args.lenient)
    server.serve_forever()


if __name__ == "__main__":
    main()
