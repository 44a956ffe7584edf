"""Load test (issue 20): 50 concurrent users (learners, provider staff, analysts) against `lifelong serve
--production` (gunicorn, 2 workers × 4 threads) on PostgreSQL; p95, errors, memory growth of the web workers;
one web worker is killed with SIGKILL half-way (gunicorn starts a new one; the errors it causes are counted).

    LOAD_DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB  (migrated, ESCO and the demo loaded)
    LOAD_USERS=50 LOAD_SECONDS=180 python benchmarks/bench_load.py
"""

from __future__ import annotations

import csv
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, report  # noqa: E402

USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "180"))
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lifelong")
KILL_WORKER = os.environ.get("LOAD_KILL_WORKER", "1") == "1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def workers(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def rss_mib(pids: list[int]) -> dict[int, float]:
    sizes = {}
    for pid in pids:
        try:
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmRSS:"):
                    sizes[pid] = int(line.split()[1]) / 1024
        except OSError:
            pass
    return sizes


def main() -> int:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "SECRET_KEY": secrets.token_urlsafe(50), "PORT": str(port),
           "WEB_CONCURRENCY": "2", "CONN_MAX_AGE": "60", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    env.pop("DEBUG", None)
    log = open(ROOT / "var" / "bench-load-server.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "lifelong.cli", "serve", "--production", "--host", "127.0.0.1"],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        for path in ("/kompas/?q=lassen", "/esco/?q=lassen", "/dashboard/publiek/") * 4:
            # each worker builds its compass index and loads the competence search's encoder before measuring
            warm = urllib.request.Request(base + path, headers={"X-Forwarded-Proto": "https"})
            urllib.request.urlopen(warm, timeout=180).read()
        time.sleep(5)
        start_rss = rss_mib(workers(server.pid))
        load_before = os.getloadavg()
        prefix = Path(tempfile.mkdtemp()) / "load"
        locust = subprocess.Popen(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks" / "load_journeys.py"), "--headless",
             "-u", str(USERS), "-r", "10", "-t", f"{SECONDS}s", "--host", base, "--csv", str(prefix),
             "--only-summary", "--loglevel", "WARNING"], cwd=ROOT)
        killed = None
        if KILL_WORKER:
            time.sleep(SECONDS / 2)
            victim = workers(server.pid)[0]
            os.kill(victim, signal.SIGKILL)  # gunicorn's master starts a new worker
            killed = victim
        locust.wait()
        load_during = os.getloadavg()
        end_rss = rss_mib(workers(server.pid))
        survivors = [p for p in start_rss if p in end_rss]
        growth = max(((end_rss[p] - start_rss[p]) / start_rss[p] * 100 for p in survivors), default=None)
        with open(f"{prefix}_stats.csv") as f:
            rows = list(csv.DictReader(f))
        table = [{"request": r["Name"], "requests": int(r["Request Count"]), "failures": int(r["Failure Count"]),
                  "median_ms": float(r["50%"]), "p95_ms": float(r["95%"]), "max_ms": float(r["Max Response Time"])}
                 for r in rows]
        total = next(r for r in table if r["request"] == "Aggregated")
        failures_csv = Path(f"{prefix}_failures.csv")
        failures = failures_csv.read_text() if failures_csv.exists() else ""
        notes = (f"{USERS} users for {SECONDS} s on PostgreSQL, gunicorn 2 workers x 4 threads, shared 2-core machine "
                 f"(load average before {load_before[0]:.1f}, after {load_during[0]:.1f}). p95 {total['p95_ms']:.0f} ms, "
                 f"{total['failures']} failures of {total['requests']} requests"
                 f"{f' (one worker, pid {killed}, killed with SIGKILL half-way)' if killed else ''}. "
                 f"Memory of the surviving worker(s): {', '.join(f'{start_rss[p]:.0f}->{end_rss[p]:.0f} MiB' for p in survivors)}"
                 f" (growth {growth:.1f} %)." if growth is not None else ".")
        from lifelong import backup  # the ledger's invariants after the load and the killed worker

        connection = backup.connect(DATABASE_URL)
        ledger = backup.ledger_problems(connection) or "sound"
        connection.close()
        notes += f" Ledger after the run: {ledger}."
        report("load", table, notes=notes, ledger=ledger, users=USERS, seconds=SECONDS, p95_ms=total["p95_ms"],
               failures=total["failures"], requests=total["requests"], killed_worker=killed,
               memory_start_mib=start_rss, memory_end_mib=end_rss, memory_growth_pct=growth,
               load_average_before=load_before, load_average_after=load_during, failure_lines=failures[-2000:])
        return 0
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    sys.exit(main())
