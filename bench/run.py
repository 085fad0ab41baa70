#!/usr/bin/env python3
"""eventlint's benchmark: whole-process timings on generated Hugo sites.

    python3 bench/run.py [--sizes 1000,10000] [--runs 5] [--slow-runs 1] [--cache DIR]

What it does (the README's "Performance" section has the figures):

1. Generates the sites once into the cache dir (default bench/.cache, git-ignored) with
   ../shared/bench/gen_corpus.py: N reports, seed 1, for each N in --sizes.
2. Builds eventlint (cargo build --release) and the floor (bench/floor, its own crate).
3. Times, as whole processes, each tool on each site: eventlint with the full default pack
   (--now 2025-12-01 --format concise > /dev/null), the floor (walk, read, split front
   matter, pulldown-cmark's offset iterator, 2 threads), and, when installed, rumdl
   (pip install rumdl; run with --no-cache) and markdownlint-cli2 (npm install in bench/).
   hyperfine when available, else a loop here; the median of --runs runs (--slow-runs for
   markdownlint-cli2, which takes minutes at 10,000 reports). Then the single-file case
   (the pre-commit hook: one report named on the command line).
4. Measures peak memory (maximum resident set size, as /usr/bin/time -v reports it) of one
   more run of each.
5. Prints the table, the ratios eventlint/floor, rumdl/eventlint and
   markdownlint-cli2/eventlint, and the machine's load (the numbers are wall-clock: on a
   busy machine they are noisy; compare runs made when `uptime` is low).

Exit status 0 whatever the timings: this measures, it does not assert.
"""

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(REPO, "bench")
NOW = "2025-12-01"
SEED = 1


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def find_generator():
    for candidate in [
        os.environ.get("EVENTLINT_GEN_CORPUS", ""),
        os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"),
        os.path.join(REPO, "shared", "bench", "gen_corpus.py"),
    ]:
        if candidate and os.path.isfile(candidate):
            return os.path.abspath(candidate)
    sys.exit("bench: cannot find ../shared/bench/gen_corpus.py (set EVENTLINT_GEN_CORPUS)")


def generate(cache, size, generator):
    """The site for `size` reports, generated once (again if the generator changed)."""
    with open(generator, "rb") as f:
        stamp = f"{hashlib.sha256(f.read()).hexdigest()} {size} {SEED}\n"
    site = os.path.join(cache, f"site-{size}")
    marker = os.path.join(site, ".generated")
    if os.path.isfile(marker) and open(marker).read() == stamp:
        return site
    if os.path.isdir(site):
        shutil.rmtree(site)
    log(f"bench: generating {size} reports into {site} ...")
    subprocess.run(
        [sys.executable, generator, site, "--reports", str(size), "--seed", str(SEED)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with open(marker, "w") as f:
        f.write(stamp)
    return site


def build(eventlint=None):
    if eventlint is None:
        log("bench: building eventlint (release) ...")
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPO, "target")
        eventlint = os.path.join(target, "release", "eventlint")
    log("bench: building the floor (bench/floor) ...")
    floor_target = os.path.join(BENCH, "floor", "target")
    env = dict(os.environ, CARGO_TARGET_DIR=floor_target)
    subprocess.run(
        ["cargo", "build", "--release", "--quiet"],
        cwd=os.path.join(BENCH, "floor"),
        env=env,
        check=True,
    )
    floor = os.path.join(floor_target, "release", "eventlint-floor")
    return eventlint, floor


def time_runs(cmd, cwd, runs, warmup):
    """Wall-clock seconds of `runs` runs of `cmd` (output discarded), after `warmup`."""
    hyperfine = shutil.which("hyperfine")
    if hyperfine:
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
            out = f.name
        try:
            subprocess.run(
                [
                    hyperfine,
                    "--style", "none",
                    "-N",
                    "-i",
                    "--warmup", str(warmup),
                    "--runs", str(runs),
                    "--export-json", out,
                    "--output", "null",
                    " ".join(quote(c) for c in cmd),
                ],
                cwd=cwd,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            with open(out) as f:
                return json.load(f)["results"][0]["times"]
        finally:
            os.unlink(out)
    times = []
    for i in range(warmup + runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if i >= warmup:
            times.append(time.perf_counter() - start)
    return times


def quote(arg):
    return arg if arg and all(c.isalnum() or c in "-_./=:*," for c in arg) else json.dumps(arg)


def peak_rss_mb(cmd, cwd):
    """Maximum resident set size of one run, in MB, as GNU time (`/usr/bin/time`, Debian
    package `time`) reports it. Without it, the rusage of the child: that counts the pages
    of this Python process the child had before it exec'd, so small figures read high."""
    gnu_time = "/usr/bin/time"
    if os.access(gnu_time, os.X_OK):
        with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as f:
            out = f.name
        try:
            subprocess.run([gnu_time, "-f", "%M", "-o", out] + cmd, cwd=cwd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(out) as f:
                return int(f.read().split()[-1]) / 1024.0
        except (ValueError, IndexError, OSError):
            pass
        finally:
            os.unlink(out)
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="reports per site (comma-separated)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per tool and site")
    ap.add_argument("--slow-runs", type=int, default=1,
                    help="timed runs of markdownlint-cli2 on sites of 10,000 reports or more")
    ap.add_argument("--single-runs", type=int, default=30, help="timed runs of the one-file case")
    ap.add_argument("--cache", default=os.path.join(BENCH, ".cache"), help="where sites are generated")
    ap.add_argument("--only", default="", help="comma-separated tools to run (eventlint,floor,rumdl,markdownlint-cli2)")
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--eventlint", help="time this eventlint binary instead of building one")
    args = ap.parse_args()

    sizes = [int(s) for s in args.sizes.split(",") if s]
    os.makedirs(args.cache, exist_ok=True)
    cache = os.path.abspath(args.cache)
    generator = find_generator()
    sites = {size: generate(cache, size, generator) for size in sizes}
    eventlint, floor = build(os.path.abspath(args.eventlint) if args.eventlint else None)

    tools = {
        "eventlint": lambda site: [eventlint, "check", "--now", NOW, "--format", "concise", site],
        "floor": lambda site: [floor, site],
    }
    rumdl = shutil.which("rumdl")
    if rumdl:
        tools["rumdl"] = lambda site: [rumdl, "check", "--no-cache", "--output-format", "concise", site]
    mdl = os.path.join(BENCH, "node_modules", ".bin", "markdownlint-cli2")
    if os.access(mdl, os.X_OK):
        # A glob relative to the cache dir, as the tool expects.
        tools["markdownlint-cli2"] = lambda site: [mdl, os.path.basename(site) + "/**/*.md"]
    if args.only:
        keep = set(args.only.split(","))
        tools = {k: v for k, v in tools.items() if k in keep}
    missing = [t for t in ("rumdl", "markdownlint-cli2") if t not in tools and not args.only]
    for t in missing:
        log(f"bench: {t} is not installed; skipped (pip install rumdl; npm ci --prefix bench)")

    load_before = os.getloadavg()
    results = []
    for size, site in sites.items():
        for name, make in tools.items():
            runs = args.runs
            if name == "markdownlint-cli2" and size >= 10000:
                runs = args.slow_runs
            warmup = 0 if name == "markdownlint-cli2" else 1
            cmd = make(site)
            log(f"bench: {name} on {size} reports, {runs} runs ...")
            times = time_runs(cmd, cache, runs, warmup)
            rss = peak_rss_mb(cmd, cache)
            results.append(dict(tool=name, case=f"{size} reports", size=size,
                                median=statistics.median(times), min=min(times),
                                max=max(times), runs=len(times), peak_mb=rss))
    single_site = sites[min(sites)]
    single = os.path.join(single_site, "content", "4-EventParticipated", "4.1-Event1", "_index.md")
    for name in ("eventlint", "floor"):
        if name not in tools:
            continue
        cmd = tools[name](single)
        log(f"bench: {name} on one file, {args.single_runs} runs ...")
        times = time_runs(cmd, cache, args.single_runs, 3)
        results.append(dict(tool=name, case="one file", size=1, median=statistics.median(times),
                            min=min(times), max=max(times), runs=len(times),
                            peak_mb=peak_rss_mb(cmd, cache)))
    load_after = os.getloadavg()

    print(f"{'tool':<18} {'case':<14} {'median':>10} {'min':>10} {'max':>10} {'runs':>5} {'peak MB':>8}")
    for r in results:
        print(f"{r['tool']:<18} {r['case']:<14} {fmt(r['median']):>10} {fmt(r['min']):>10} "
              f"{fmt(r['max']):>10} {r['runs']:>5} {r['peak_mb']:>8.1f}")
    print()
    by = {(r["tool"], r["case"]): r for r in results}
    for size in sizes:
        case = f"{size} reports"
        e = by.get(("eventlint", case))
        if not e:
            continue
        parts = []
        if ("floor", case) in by:
            parts.append(f"eventlint/floor {e['median'] / by[('floor', case)]['median']:.2f}")
        for other in ("rumdl", "markdownlint-cli2"):
            if (other, case) in by:
                parts.append(f"{other}/eventlint {by[(other, case)]['median'] / e['median']:.1f}")
        print(f"{case}: " + ", ".join(parts) + f"; eventlint peak {e['peak_mb']:.1f} MB")
    print(f"load average (1, 5, 15 min): before {fmt_load(load_before)}, after "
          f"{fmt_load(load_after)}, on {os.cpu_count()} cores"
          + ("  <- busy machine: wall-clock numbers are noisy" if load_before[0] > (os.cpu_count() or 1) else ""))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(results=results, load_before=load_before, load_after=load_after), f, indent=1)


def fmt(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.3f} s"


def fmt_load(load):
    return ", ".join(f"{x:.2f}" for x in load)


if __name__ == "__main__":
    main()
