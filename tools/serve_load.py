"""Load and faults against `cica-kg serve`, on this machine's loopback only; prints a table.

    .venv/bin/python tools/serve_load.py [--store build/store] [--size 1e6] [--seconds 30]

Starts the server (``--workers``), then, each phase bounded in time and count:

1. quiet: ``--clients`` clients send the shipped questions (the texts of the YASGUI tabs,
   example parameters bound) round-robin for ``--seconds``; latency p50/p99, throughput;
2. noisy: the same, plus one client sending a cartesian-product query every second (each
   stopped at the server's deadline); the others' p99 should stay within 2x of quiet;
3. faults: clients that disconnect mid-response, a slow-loris client (while a normal query is
   timed), and malformed requests of each kind, with the status each got;
4. stop: SIGTERM; the exit code, and whether any worker outlived the server.

``--size N`` first builds a synthetic graph of about N triples (``cica_kg.bench``) plus the
bundled article into ``build/serve-load/store-N`` (kept for the next run). Not a test: it
measures, and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
EVERYTHING = "SELECT * WHERE { ?s ?p ?o }"
SERVICE = "SELECT * WHERE { SERVICE <http://127.0.0.2/sparql> { ?s ?p ?o } }"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@dataclass
class Phase:
    """The latencies (s) and statuses one phase collected."""

    name: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, latency: float, status: int) -> None:
        with self.lock:
            self.latencies.append(latency)
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def row(self) -> str:
        ordered = sorted(self.latencies) or [0.0]
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        rate = len(self.latencies) / self.seconds if self.seconds else 0.0
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(self.statuses.items()))
        return f"| {self.name} | {len(ordered)} | {rate:.0f} | {p50:.1f} | {p99:.1f} | {codes} |"

    def p99(self) -> float:
        ordered = sorted(self.latencies) or [0.0]
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


Server = tuple[subprocess.Popen[bytes], str, list[int]]


def start_server(store: Path, workers: int, log: Path) -> Server:
    """`cica-kg serve --port 0`; its process, base URL and worker pids once ready."""
    sink = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "cica_kg", "serve", "--store", str(store), "--port", "0",
         "--workers", str(workers)],
        stdout=sink, stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        text = log.read_text("utf-8", "replace")
        ready = re.search(r"query workers ready \(pids ([0-9 ]+)\)", text)
        address = re.search(r"on (http://127\.0\.0\.1:[0-9]+)/sparql", text)
        if ready and address:
            return process, address.group(1), [int(p) for p in ready.group(1).split()]
        if process.poll() is not None:
            sys.exit(f"serve_load: the server exited:\n{text}")
        time.sleep(0.1)
    process.kill()
    sys.exit("serve_load: the server did not start in 120 s")


def examples(url: str) -> list[str]:
    """The shipped questions as the YASGUI page holds them (parameters bound)."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    connection.request("GET", "/")
    page = connection.getresponse().read().decode("utf-8")
    tag = '<script type="application/json" id="cica-examples">'
    found = re.search(re.escape(tag) + "(.*?)</script>", page, re.S)
    assert found, "no examples in the page"
    return [tab["query"] for tab in json.loads(found.group(1).replace("<\\/", "</"))]


def post(
    connection: http.client.HTTPConnection,
    query: str,
    accept: str = "application/sparql-results+json",
) -> int:
    """POST one query on a kept-alive connection; the status (the body is read fully)."""
    body = urlencode({"query": query})
    connection.request("POST", "/sparql", body=body, headers=dict(FORM, Accept=accept))
    answer = connection.getresponse()
    answer.read()
    return answer.status


def clients(url: str, queries: list[str], count: int, seconds: float, phase: Phase,
            extra: Callable[[threading.Event], None] | None = None) -> None:  # fmt: skip
    """``count`` client threads for ``seconds``, each cycling through ``queries``."""
    host, port = url.removeprefix("http://").split(":")
    stop = threading.Event()

    def run(offset: int) -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        index = offset
        while not stop.is_set():
            started = time.perf_counter()
            try:
                status = post(connection, queries[index % len(queries)])
            except (OSError, http.client.HTTPException):
                status = 0
                connection = http.client.HTTPConnection(host, int(port), timeout=60)
            phase.record(time.perf_counter() - started, status)
            index += 1

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    if extra is not None:
        threads.append(threading.Thread(target=extra, args=(stop,), daemon=True))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(90)
    phase.seconds = time.perf_counter() - started


def cartesian_client(url: str, phase: Phase) -> Callable[[threading.Event], None]:
    """A client sending the cartesian-product query, one a second (one at a time)."""
    host, port = url.removeprefix("http://").split(":")

    def run(stop: threading.Event) -> None:
        while not stop.is_set():
            connection = http.client.HTTPConnection(host, int(port), timeout=60)
            started = time.perf_counter()
            status = post(connection, CARTESIAN)
            phase.record(time.perf_counter() - started, status)
            stop.wait(1.0)

    return run


def raw(url: str, data: bytes, *, read: int = 4096) -> int:
    """Send raw bytes on a new connection; the status line's code (0: none, the server
    closed the connection). The head goes first: a server may answer before the body."""
    host, port = url.removeprefix("http://").split(":")
    head, sep, body = data.partition(b"\r\n\r\n")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        answer = b""
        try:
            sock.sendall(head + sep)
            sock.settimeout(0.5)
            try:
                answer = sock.recv(read)
            except TimeoutError:
                sock.settimeout(30)
                sock.sendall(body)
                answer = sock.recv(read)
        except OSError:
            pass
    found = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
    return int(found.group(1)) if found else 0


def request_bytes(body: bytes, *, content_type: str = FORM["Content-Type"], accept: str = "*/*",
                  path: str = "/sparql") -> bytes:  # fmt: skip
    head = (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n"
            f"Accept: {accept}\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n")  # fmt: skip
    return head.encode() + body


def faults(url: str) -> list[tuple[str, str]]:
    """Malformed and unfriendly clients; what each got."""
    rows: list[tuple[str, str]] = []
    host, port = url.removeprefix("http://").split(":")
    # clients that go away mid-response: ask for 10,000 rows, read 1 KB, close
    gone = [raw(url, request_bytes(urlencode({"query": EVERYTHING}).encode()), read=1024)
            for _ in range(20)]  # fmt: skip
    rows.append(("20 clients disconnecting mid-response", f"statuses {sorted(set(gone))}"))
    # slow loris: one header byte a second for 10 s, while a normal query is timed
    def loris() -> None:
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            for byte in b"POST /sparql HTTP/1.1\r\nHost: x\r\n":
                try:
                    sock.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.3)
    slow = threading.Thread(target=loris, daemon=True)
    slow.start()
    time.sleep(1)
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    started = time.perf_counter()
    status = post(connection, "ASK { ?s ?p ?o }")
    rows.append(("slow-loris client, meanwhile a normal query",
                 f"{status} in {(time.perf_counter() - started) * 1000:.1f} ms"))  # fmt: skip
    slow.join(20)
    cases = [
        ("bad encoding (query=%ff%fe)", request_bytes(b"query=%ff%fe")),
        ("10 MB query", request_bytes(b"query=" + b"A" * (10 << 20))),
        ("unknown format (format=png)", request_bytes(b"query=ASK%7B%7D&format=png")),
        ("Accept: image/png", request_bytes(b"query=ASK%7B%7D", accept="image/png")),
        ("Accept: garbage ';;,@@'", request_bytes(b"query=ASK%7B%7D", accept=";;,@@")),
        ("syntax error", request_bytes(b"query=SELECT%20%3Fs%20WHERE%20%7B")),
        ("update (update=DROP ALL)", request_bytes(b"update=DROP%20ALL")),
        ("SERVICE to another host", request_bytes(urlencode({"query": SERVICE}).encode())),
        ("POST text/xml body", request_bytes(b"<x/>", content_type="text/xml")),
        ("GET with a 2 MB URL", b"GET /sparql?query=" + b"A" * (2 << 20) + b" HTTP/1.1\r\n\r\n"),
        ("GET with a 64 KB query that is no query", b"GET /sparql?query=" + b"A" * 65536
         + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("not HTTP at all", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64),
    ]
    for name, data in cases:
        rows.append((name, str(raw(url, data))))
    return rows


def synthetic_store(size: int) -> Path:
    """A store of about ``size`` synthetic triples and the bundled article (built once)."""
    from cica_kg.bench.generator import generate
    from cica_kg.build.dataset import build_dataset
    from cica_kg.build.formats import load_dataset
    from cica_kg.store.oxigraph import load_store

    store = ROOT / "build" / "serve-load" / f"store-{size}"
    if (store / "cica-kg-store.json").is_file():
        return store
    corpus = generate(triples=size, seed=1)
    dataset = build_dataset(corpus.statements, corpus.documents)
    seed = ROOT / "build" / "cica.trig"
    if seed.is_file():
        dataset.addN(load_dataset(seed).quads((None, None, None, None)))
    load_store(dataset, store, materialise=False)
    return store


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def run(store: Path, args: argparse.Namespace) -> None:
    log = ROOT / "build" / "serve-load" / f"serve-{store.name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    process, url, workers = start_server(store, args.workers, log)
    try:
        queries = examples(url)
        quiet = Phase("quiet")
        clients(url, queries, args.clients, args.seconds, quiet)
        noisy, runaway = Phase("with one cartesian-product client"), Phase("the cartesian client")
        clients(url, queries, args.clients, args.seconds, noisy, cartesian_client(url, runaway))
        fault_rows = faults(url)
        host, port = url.removeprefix("http://").split(":")
        after = post(http.client.HTTPConnection(host, int(port), timeout=30), "ASK { ?s ?p ?o }")
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(60)
    time.sleep(0.5)
    left = [p for p in workers if alive(p)]
    print(f"\n### {store} ({args.clients} clients, {args.seconds:g} s a phase, "
          f"{args.workers} workers)\n")
    print("| phase | requests | per second | p50 (ms) | p99 (ms) | statuses |")
    print("|---|---:|---:|---:|---:|---|")
    for phase in (quiet, noisy, runaway):
        print(phase.row())
    ratio = noisy.p99() / quiet.p99() if quiet.p99() else 0.0
    print(f"\np99 with the runaway client / quiet p99: {ratio:.2f}x\n")
    print("| fault | answer |\n|---|---|")
    for name, answer in fault_rows:
        print(f"| {name} | {answer} |")
    print(f"| a normal query after the faults | {after} |")
    print(f"| SIGTERM: exit code; workers left running | {code}; {len(left)} of {len(workers)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=ROOT / "build" / "store")
    parser.add_argument("--size", type=float, default=0, help="also a graph of N triples")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    run(args.store, args)
    if args.size:
        run(synthetic_store(int(args.size)), args)


if __name__ == "__main__":
    main()
