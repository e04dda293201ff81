"""`make bench` and `make bench-scale`: throughput of every public page type, side by side with a bare
Django view returning the same number of bytes, and a static file through WhiteNoise.

For each database (SQLite, and PostgreSQL when BENCH_POSTGRES_URL is set) it builds a throw-away
database (the report, plus national-scale test data with --scale), then serves it with gunicorn
(2 workers, DEBUG off) twice: with the anonymous page cache off and on. wrk measures each URL on
loopback for DURATION seconds with CONNECTIONS connections. It prints req/s, p50, p99 and the ratio
to the bare view of the same size, and writes the table to tests/benchmarks/results.md (or
--output). Bounded: every measurement takes DURATION seconds; nothing else loops.
"""

import argparse
import datetime
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

# Every public page type; a URL the data does not have (404) is reported and skipped.
PAGES = [
    "/",
    "/?kaartthema=training",
    "/en/",
    "/gemeenten/",
    "/gemeenten/?thema=training",
    "/gemeenten/heerlen/",
    "/en/gemeenten/heerlen/",
    "/gemeenten/haarlemmermeer/",
    "/gemeenten/heerlen/feiten/",
    "/gemeenten/groningen/",
    "/kaart/",
    "/recent/",
    "/recent/feed/",
    "/investeringen/",
    "/investeringen/?pagina=2",
    "/investeringen/?thema=training&status=gedaan",
    "/investeringen/?ronde=2019",
    "/interventies/",
    "/interventies/compaan/",
    "/lessen/",
    "/lessen/coalitie-en-netwerkvorming/",
    "/knelpunten/",
    "/knelpunten/actief-duurzaam-netwerk/",
    "/tips/",
    "/citaten/",
    "/rondes/",
    "/rondes/2019/",
    "/vergelijken/",
    "/vergelijken/?gemeente=heerlen&gemeente=delft&gemeente=amsterdam&gemeente=rotterdam&gemeente=baarn"
    "&gemeente=gorinchem",
    "/vergelijken/?provincie=zuid-holland&formaat=xlsx",
    "/zoeken/?q=compaan",
    "/zoeken/?q=monitoren",
    "/zoeken/?q=deskundigheidsbevordering",
    "/zoeken/?q=netwerkaanpak",
    "/zoeken/?q=compan",
    "/zoeken/?q=maatje",
    "/zoeken/?q=dordrecht",
    "/zoeken/?q=eenzaamhied",
    "/en/zoeken/?q=buddy",
    "/zoeken/?q=compaan&soort=investeringen&gemeente=delft",
    "/over/",
    "/toegankelijkheid/",
    "/privacy/",
    "/open-data/",
    "/open-data/catalogus.jsonld",
    "/open-data/investeringen.json",
    "/open-data/investeringen.csv",
    "/open-data/investeringen.json?status=gepland",
    "/open-data/investeringen.csv?status=gepland",
    "/open-data/gemeenten.json",
    "/sitemap.xml",
]

# The targets on this machine: without the page cache at least 0.05× the bare view with a p99
# under 250 ms; with it at least 0.5×; the full JSON at least 10 downloads a second; an import of
# 10,000 investments under 60 s.
TARGET_CACHE_OFF = 0.05
TARGET_CACHE_ON = 0.5
TARGET_P99_MS = 250
TARGET_IMPORT_SECONDS = 60
# Each page is requested for this long (not measured) before its measurement.
WARM_UP_SECONDS = 1


def run(args, env, **kwargs):
    return subprocess.run(args, env=env, cwd=ROOT, check=True, **kwargs)


def prepare(env, scale):
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
    run([PYTHON, "manage.py", "load_report"], env, stdout=subprocess.DEVNULL)
    if scale:
        # The country's 342 municipalities and their figures, when the reference data is there; the
        # scale data then spreads its investments over them (issue 22).
        run([PYTHON, "manage.py", "load_reference_data", "--if-present"], env, stdout=subprocess.DEVNULL)
        run(
            [
                PYTHON,
                "manage.py",
                "generate_scale_data",
                "--municipalities",
                "342",
                "--investments",
                "10000",
                "--force",
            ],
            env,
            stdout=subprocess.DEVNULL,
        )
    run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def milliseconds(latency):
    """wrk's latency ("812.00us", "12.3ms", "1.02s") in milliseconds; None when wrk gave none."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", latency or "")
    if not match:
        return None
    return float(match.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[match.group(2)]


def verdict(label, ratio, p99):
    if ratio is None:
        return ""
    if label.endswith("cache off"):
        p99_ms = milliseconds(p99)
        met = ratio >= TARGET_CACHE_OFF and p99_ms is not None and p99_ms < TARGET_P99_MS
    else:
        met = ratio >= TARGET_CACHE_ON
    return "yes" if met else "**no**"


def wrk(url, duration, connections):
    out = subprocess.run(
        [shutil.which("wrk"), "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.M))
    return rps, latency.get("50", "?"), latency.get("99", "?")


class Server:
    def __init__(self, env, port, app="portal.wsgi"):
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [GUNICORN, app, "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
            env=env,
            cwd=ROOT,
        )
        for _ in range(100):
            try:
                if fetch(self.base + "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


# The second reference (tests/benchmarks/minimal): a bare view in a project with Django's default
# middleware only, served the same way. Measured once per URL and database, with the cache off.
MINIMAL_APP = "tests.benchmarks.minimal.project:application"


def minimal_server(args):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    return Server({**env, "DJANGO_SETTINGS_MODULE": "tests.benchmarks.minimal.project"}, args.port + 1, MINIMAL_APP)


def measure(label, env, args, rows, minimal, minimal_rps):
    server = Server(env, args.port)
    try:
        status, home = fetch(server.base + "/")
        static = re.search(rb'href="(/static/[^"]+\.css)"', home).group(1).decode()
        references = {"static file (WhiteNoise)": static}
        for name, path in references.items():
            rps, p50, p99 = wrk(server.base + path, args.duration, args.connections)
            rows.append((label, name, "", rps, p50, p99, None, None))
        for path in PAGES:
            if args.only and not re.search(args.only, path):
                continue
            status, body = fetch(server.base + path)
            if status != 200:
                print(f"  {path}: {status}, skipped", flush=True)
                continue
            bare, _, _ = wrk(f"{server.base}/__bench__/bare/{len(body)}/", args.duration, args.connections)
            if path not in minimal_rps:
                minimal_rps[path], _, _ = wrk(f"{minimal.base}/bare/{len(body)}/", args.duration, args.connections)
            # Warmed on every worker first: what a process builds once per content version (without
            # Redis each worker builds its own) is not the page's steady state, and one such request
            # in a two-second run decides its p99.
            wrk(server.base + path, WARM_UP_SECONDS, args.connections)
            rps, p50, p99 = wrk(server.base + path, args.duration, args.connections)
            rows.append((label, path, len(body), rps, p50, p99, rps / bare, rps / minimal_rps[path]))
            print(
                f"  {label:28} {path:48} {rps:9.1f} req/s  p50 {p50:>8}  p99 {p99:>8}  {rps / bare:6.3f}× bare"
                f"  {rps / minimal_rps[path]:6.3f}× minimal"
                f"  target met: {verdict(label, rps / bare, p99).strip('*')}",
                flush=True,
            )
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", action="store_true", help="342 municipalities and 10,000 investments")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", 3)))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("CONNECTIONS", 8)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8765)))
    parser.add_argument("--only", help="measure only the URLs this regular expression finds (for a quick look)")
    parser.add_argument("--output", default=str(ROOT / "tests" / "benchmarks" / "results.md"))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")

    workdir = Path(tempfile.mkdtemp())
    base_env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-" + secrets.token_hex(32),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "PORTAL_BENCHMARK": "1",
    }
    base_env.pop("REDIS_URL", None)
    databases = [("SQLite", f"sqlite:///{workdir}/bench.sqlite3")]
    if os.environ.get("BENCH_POSTGRES_URL"):
        databases.append(("PostgreSQL", os.environ["BENCH_POSTGRES_URL"]))

    rows, imports = [], []
    minimal = minimal_server(args)
    try:
        for database, url in databases:
            env = {**base_env, "DATABASE_URL": url}
            print(f"{database}: building the database{' at national scale' if args.scale else ''}", flush=True)
            prepare(env, args.scale)
            minimal_rps = {}
            for cache in ("0", "1"):
                label = f"{database}, cache {'on' if cache == '1' else 'off'}"
                measure(label, {**env, "PORTAL_CACHE": cache}, args, rows, minimal, minimal_rps)
            if args.scale:
                imports.append((database, time_import(env)))
    finally:
        minimal.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    write(args, rows, imports)


def time_import(env):
    """Seconds for 10,000 new investments through `manage.py import`, into the national-scale database."""
    out = subprocess.run(
        [PYTHON, "tests/benchmarks/import_bench.py", "10000", "--command"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    seconds = float(re.search(r"manage.py import: \d+ rows in ([\d.]+) s", out).group(1))
    print(f"  manage.py import of 10,000 investments: {seconds:.1f} s", flush=True)
    return seconds


def write(args, rows, imports=()):
    data = (
        "national scale: 342 municipalities, about 10,000 investments"
        if args.scale
        else "the report (16 municipalities, 99 investments)"
    )
    lines = [
        f"# Benchmark results ({'make bench-scale' if args.scale else 'make bench'})",
        "",
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine: {platform.node()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}",
        f"- data: {data}",
        f"- gunicorn with 2 workers, DEBUG off; wrk with {args.connections} connections, {args.duration} s per URL "
        f"after {WARM_UP_SECONDS} s unmeasured (so every worker has built what it keeps per content version), "
        "on loopback",
        "- ratio: requests per second of the page divided by those of a bare Django view (same middleware) "
        "returning the same number of bytes, measured just before it",
        "- second reference (× minimal): the same division by a bare view in a minimal Django project with "
        "Django's default middleware only (tests/benchmarks/minimal), as someone comparing frameworks would "
        "measure; no target, reported for comparison",
        f"- targets: cache off at least {TARGET_CACHE_OFF}× the bare view with p99 under {TARGET_P99_MS} ms; "
        f'cache on at least {TARGET_CACHE_ON}×. "Cache off" is PORTAL_CACHE=0: no page is cached; aggregates '
        "over all content (core.derived) and whole open-data files are still built once per content version, "
        "as in production",
        "",
    ]
    measured = [row for row in rows if row[6] is not None]
    missed = [row for row in measured if verdict(row[0], row[6], row[5]) != "yes"]
    lines += [
        f"**{len(measured) - len(missed)} of {len(measured)} measurements meet their target**"
        + (
            ": "
            + ", ".join(f"`{row[1]}` ({row[0]})" for row in missed)
            + (" does not." if len(missed) == 1 else " do not.")
            if missed
            else "."
        ),
        "",
    ]
    for database, seconds in imports:
        met = "meets" if seconds < TARGET_IMPORT_SECONDS else "**misses**"
        lines.append(
            f"- {database}: `manage.py import` of 10,000 new investments into the national-scale database: "
            f"{seconds:.1f} s ({met} the {TARGET_IMPORT_SECONDS} s target)"
        )
    if imports:
        lines.append("")
    lines += [
        "| database, page cache | URL | bytes | req/s | p50 | p99 | × bare view | × minimal | target met |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]
    for label, path, size, rps, p50, p99, ratio, minimal_ratio in rows:
        ratio_text = f"{ratio:.3f}" if ratio is not None else "reference"
        minimal_text = f"{minimal_ratio:.3f}" if minimal_ratio is not None else ""
        lines.append(
            f"| {label} | `{path}` | {size} | {rps:.1f} | {p50} | {p99} | {ratio_text} | {minimal_text} "
            f"| {verdict(label, ratio, p99)} |"
        )
    Path(args.output).write_text("\n".join(lines) + "\n")
    print(f"written to {args.output}")


if __name__ == "__main__":
    sys.exit(main())
