"""A HAPI-like front for the plain FHIR server: searches answered from a paging cursor
the server may forget, everything else passed through.

HAPI keeps a search's results under an id and pages them by ``_getpages`` links; once the
id expires (after a while, or when the results changed) an old ``next`` link is answered
``410 Gone`` (some servers answer 404). This front does the same in front of
``tests/plain_fhir/server.py``: it fetches a search's matches from the plain server, keeps
them in its own order (``order``; the ``self`` link names ``_sort`` only if ``sorts``), pages
them ``page_size`` at a time, and answers the next ``expire`` page links with ``gone``.

Batch entries it may answer itself, inside the 200 batch-response: a resource in ``deleted``
is gone (410 to a read, not found by a search by ``_id``, 410 to an update with
``If-Match``; a PUT without one creates it again, as HAPI does), one in ``busy`` is answered
429 that many times, and one in ``invalid`` is refused 422 with HAPI's kind of
OperationOutcome (a ``processing`` issue and English ``diagnostics`` only), as is its single
PUT. A whole batch POST may be refused: ``refuse`` is given the ids the batch holds and
answers ``(status, body, headers)``, or None to go on.
"""

from __future__ import annotations

import gzip
import json
import threading
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

PASSED_HEADERS = ("Authorization", "Content-Type", "Content-Encoding", "If-Match", "Accept")


class HapiLike(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str, order: Callable[[dict[str, Any]], Any], *,
                 sorts: bool = False, page_size: int = 2) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.upstream = upstream.rstrip("/")  # the plain server's base, e.g. .../baseR4
        self.order, self.sorts, self.page_size = order, sorts, page_size
        self.expire = 0  # the next so many page links are answered ``gone``
        self.gone = 410
        self.searches: dict[str, list[dict[str, Any]]] = {}
        self.searched: list[str] = []  # each new search's _lastUpdated, in order
        self.expired = 0  # page links answered ``gone`` so far
        self.deleted: set[str] = set()  # ids deleted on the server
        self.busy: dict[str, int] = {}  # id: batch entries still to answer 429
        self.invalid: dict[str, str] = {}  # id: HAPI's diagnostics refusing it, 422
        # The ids of a batch POST -> an answer to the whole request, or None to go on.
        self.refuse: Callable[[list[str]], tuple[int, Any, dict[str, str]] | None] | None = None
        self.batches: list[list[str]] = []  # the ids of each batch POSTed, in order
        self._lock = threading.Lock()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def base_path(self) -> str:
        return urlsplit(self.upstream).path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{self.base_path}"

    def close(self) -> None:
        self.shutdown()
        self.server_close()

    def new_search(self, type_: str, query: dict[str, list[str]], auth: str | None
                   ) -> dict[str, Any]:
        used = {k: v for k, v in query.items() if k == "_lastUpdated"}
        found, link, params = [], f"{self.upstream}/{type_}", {**used, "_count": ["1000"]}
        while link:
            page = requests.get(link, params=params, headers={"Authorization": auth or ""},
                                timeout=30).json()
            found += [e["resource"] for e in page.get("entry") or ()]
            link = next((k["url"] for k in page.get("link") or ()
                         if k["relation"] == "next"), None)
            params = None
        sid = uuid.uuid4().hex
        with self._lock:
            self.searches[sid] = sorted(found, key=self.order)
            self.searched.append(used["_lastUpdated"][0])
        shown = {**used, "_count": [str(self.page_size)]}
        if self.sorts:
            shown["_sort"] = ["_lastUpdated"]
        return self.page(sid, 0, f"{self.url}/{type_}?{urlencode(shown, doseq=True)}")

    def page(self, sid: str, offset: int, own: str | None = None) -> dict[str, Any] | None:
        with self._lock:
            found = self.searches.get(sid)
            if found is None:
                return None
            if own is None and self.expire > 0:  # a next link, while the cursor is gone
                self.expire -= 1
                self.expired += 1
                return None
        hits = found[offset:offset + self.page_size]
        here = f"{self.url}?_getpages={sid}&_getpagesoffset={{}}&_count={self.page_size}"
        links = [{"relation": "self", "url": own or here.format(offset)}]
        if offset + self.page_size < len(found):
            links.append({"relation": "next", "url": here.format(offset + self.page_size)})
        return {"resourceType": "Bundle", "type": "searchset", "link": links,
                "entry": [{"fullUrl": f"{self.url}/{r['resourceType']}/{r['id']}",
                           "resource": r, "search": {"mode": "match"}} for r in hits]}


    def own_answer(self, entry: dict[str, Any]) -> dict[str, Any] | None:
        """This front's answer to a batch entry, or None to pass it on."""
        request = entry.get("request") or {}
        id_ = str(request.get("url", "")).rpartition("/")[2]
        with self._lock:
            if id_ in self.deleted and request.get("ifMatch"):
                return _entry_outcome(410, "processing", f"{id_} was deleted")
            self.deleted.discard(id_)
            if self.busy.get(id_, 0) > 0:
                self.busy[id_] -= 1
                return _entry_outcome(429, "throttled", "too many requests, try later")
            if id_ in self.invalid:
                return _entry_outcome(422, "processing", self.invalid[id_])
        return None


def _entry_outcome(status: int, code: str, text: str) -> dict[str, Any]:
    return {"response": {"status": str(status), "outcome": {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": code, "diagnostics": text}]}}}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: HapiLike

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        rest = url.path.removeprefix(self.server.base_path).strip("/")
        if not rest and "_getpages" in query:
            page = self.server.page(query["_getpages"][0],
                                    int(query.get("_getpagesoffset", ["0"])[0]))
            if page is None:
                return self._send(self.server.gone, {
                    "resourceType": "OperationOutcome", "issue": [{
                        "severity": "error", "code": "processing",
                        "diagnostics": f"Search ID \"{query['_getpages'][0]}\" does not exist"
                                       " and may have expired"}]})
            return self._send(200, page)
        if rest in ("Patient", "Immunization") and "_lastUpdated" in query:
            return self._send(200, self.server.new_search(
                rest, query, self.headers.get("Authorization")))
        if rest in ("Patient", "Immunization") and "_id" in query and self.server.deleted:
            return self._pass(leave_out=self.server.deleted)  # a search finds no deleted one
        if rest.rpartition("/")[2] in self.server.deleted:
            return self._send(410, _entry_outcome(410, "deleted", "deleted")["response"]
                              ["outcome"])
        self._pass()

    def do_PUT(self) -> None:  # noqa: N802
        diagnostics = self.server.invalid.get(urlsplit(self.path).path.rpartition("/")[2])
        if diagnostics is not None:
            self._body()
            return self._send(422, _entry_outcome(422, "processing", diagnostics)["response"]
                              ["outcome"])
        self._pass()

    def do_POST(self) -> None:  # noqa: N802
        if urlsplit(self.path).path.rstrip("/") != self.server.base_path:
            return self._pass()
        body = self._body()
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        entries = json.loads(body).get("entry") or []
        ids = [e["request"]["url"].rpartition("/")[2] for e in entries]
        self.server.batches.append(ids)
        refused = self.server.refuse(ids) if self.server.refuse else None
        if refused is not None:
            status, answer, headers = refused
            return self._send(status, answer if answer is not None else b"", headers)
        answers = [self.server.own_answer(e) for e in entries]
        passed = [e for e, a in zip(entries, answers, strict=True) if a is None]
        if passed:
            r = requests.post(self.server.upstream, json={
                "resourceType": "Bundle", "type": "batch", "entry": passed},
                headers={"Authorization": self.headers.get("Authorization") or ""},
                timeout=30)
            upstream = iter(r.json()["entry"])
            answers = [a if a is not None else next(upstream) for a in answers]
        self._send(200, {"resourceType": "Bundle", "type": "batch-response",
                         "entry": answers})

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _pass(self, leave_out: set[str] = frozenset()) -> None:
        body = self._body() or None
        root = self.server.upstream.removesuffix(self.server.base_path)
        r = requests.request(self.command, root + self.path, data=body, timeout=30,
                             headers={k: self.headers[k] for k in PASSED_HEADERS
                                      if self.headers.get(k)})
        content: dict[str, Any] | bytes = r.content
        if leave_out and r.ok:  # a search bundle: its matches less those ``leave_out``
            found = r.json()
            found["entry"] = [e for e in found.get("entry") or ()
                              if e.get("resource", {}).get("id") not in leave_out]
            found["total"] = len(found["entry"])
            content = found
        self._send(r.status_code, content, {k: r.headers[k] for k in ("ETag", "Location")
                                              if k in r.headers})

    def _send(self, status: int, body: dict[str, Any] | bytes,
              headers: dict[str, str] | None = None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        for k, v in {**(headers or {}), "Content-Type": "application/fhir+json",
                     "Content-Length": str(len(data))}.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
