#!/usr/bin/env python3
"""Timing and reporting helper for bench/compare.sh (python3, stdlib only).

  measure.py run  --results R.jsonl --tool NAME --input FILE [--runs 3]
                  [--copy SRC DST] [--diff ORIG OUT] [--fresh OUT]
                  [--count-stdout] [--truth truth.tsv] -- CMD ARGS...
      Runs CMD --runs times. Before each run, --copy copies SRC to DST (not
      timed; a folder is copied whole), so tools that rewrite in place always
      start from the same data; --fresh (and --diff) removes OUT, so that
      each run writes a new file as a first run does (transcrub leaves a
      file that holds its output already as it is, which a run over the
      last run's output would time instead). A folder as --input counts
      all its bytes.
      Wall time: perf_counter around fork/exec..wait. Max RSS: ru_maxrss from
      wait4() for the child. Keeps the median of each. After the last run it
      records what the tool did: --count-stdout takes the last stdout line
      (rg --count), --diff compares ORIG and OUT line by line and, with
      --truth, splits changed lines into lines that carry a variant and others,
      and counts changed variant lines that now contain the canonical exactly.
      Appends one JSON object to R.jsonl. A non-zero exit (or a missing OUT)
      is recorded as "failed" and the script goes on.

  measure.py fail --results R.jsonl --tool NAME --input FILE --why TEXT
      Records a row that could not be run (build failed, sanity check failed).

  measure.py table R.jsonl
      Prints the Markdown table. "vs transcrub" = tool MB/s divided by the
      transcrub MB/s measured on the same input file (>1 means faster than
      transcrub, <1 slower).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time


def file_mb(path):
    try:
        if path in ("/dev/null", "-"):
            return 0.0
        if os.path.isdir(path):
            # A folder of files: their bytes in all.
            return sum(os.path.getsize(os.path.join(d, f))
                       for d, _, files in os.walk(path) for f in files) / 1e6
        return os.path.getsize(path) / 1e6
    except OSError:
        return 0.0


def load_truth(path):
    """{line number: canonical (bytes)} for the corpus lines that carry a variant."""
    truth = {}
    if path:
        with open(path, encoding="utf-8") as f:
            for line in f:
                n, canon, _rest = line.split("\t", 2)
                truth[int(n)] = canon.encode("utf-8")
    return truth


def diff_lines(orig, out, truth):
    """Count changed lines; lines are compared pairwise (tools keep line count)."""
    changed = changed_truth = exact = 0
    n = 0
    with open(orig, "rb") as a, open(out, "rb") as b:
        for n, (la, lb) in enumerate(zip(a, b), 1):
            if la != lb:
                changed += 1
                if n in truth:
                    changed_truth += 1
                    if truth[n] in lb:
                        exact += 1
        extra_a = sum(1 for _ in a)
        extra_b = sum(1 for _ in b)
    expected = sum(1 for t in truth if t <= n + extra_a)
    res = {"lines": n + extra_a, "changed": changed, "changed_variant_lines": changed_truth,
           "variant_lines": expected, "changed_other_lines": changed - changed_truth,
           "canonical_exact": exact}
    if extra_a or extra_b:
        res["line_count_mismatch"] = [n + extra_a, n + extra_b]
    return res


def cmd_run(a):
    cmd = a.cmd
    if cmd and cmd[0] == "--":
        cmd = cmd[1:]
    os.makedirs(os.path.dirname(os.path.abspath(a.results)), exist_ok=True)
    logdir = os.path.join(os.path.dirname(os.path.abspath(a.results)), "logs")
    os.makedirs(logdir, exist_ok=True)
    slug = "".join(ch if ch.isalnum() else "_" for ch in a.tool)
    out_path = os.path.join(logdir, slug + ".stdout")
    err_path = os.path.join(logdir, slug + ".stderr")
    walls, rss = [], []
    status = "ok"
    for _ in range(a.runs):
        if a.copy and os.path.isdir(a.copy[0]):
            # A folder a tool rewrites in place starts afresh each run.
            shutil.rmtree(a.copy[1], ignore_errors=True)
            shutil.copytree(a.copy[0], a.copy[1])
        elif a.copy:
            shutil.copyfile(a.copy[0], a.copy[1])
        if a.diff and not a.copy and os.path.exists(a.diff[1]) and a.diff[1] != "/dev/null":
            os.remove(a.diff[1])
        if a.fresh and os.path.isfile(a.fresh):
            os.remove(a.fresh)
        with open(out_path, "wb") as so, open(err_path, "wb") as se:
            t0 = time.perf_counter()
            try:
                p = subprocess.Popen(cmd, stdout=so, stderr=se, stdin=subprocess.DEVNULL)
            except OSError as e:
                status = "failed (%s)" % e.strerror
                break
            _, st, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
            p.returncode = os.waitstatus_to_exitcode(st)
        code = p.returncode
        if code != 0 and not (a.ok_codes and code in a.ok_codes):
            status = "failed (exit %d)" % code
            break
        walls.append(wall)
        rss.append(ru.ru_maxrss / 1024.0)  # KiB -> MiB
    row = {"tool": a.tool, "input": a.input, "input_mb": file_mb(a.input),
           "command": " ".join(cmd), "runs": len(walls), "walls": walls, "status": status}
    if status == "ok":
        row["wall"] = statistics.median(walls)
        row["rss_mb"] = statistics.median(rss)
        row["mbps"] = row["input_mb"] / row["wall"] if row["input_mb"] and row["wall"] else None
        if a.count_stdout:
            with open(out_path, encoding="utf-8", errors="replace") as f:
                lines = f.read().strip().splitlines()
            row["effect"] = "%s matching lines" % (lines[-1] if lines else "0")
            if a.truth:
                t = load_truth(a.truth)
                nlines = sum(1 for _ in open(a.input, "rb"))
                row["effect"] += " (%d lines carry a variant, any case)" % sum(1 for x in t if x <= nlines)
        elif a.diff:
            if not os.path.exists(a.diff[1]):
                row["status"] = "failed (no output file)"
            else:
                d = diff_lines(a.diff[0], a.diff[1], load_truth(a.truth))
                row["diff"] = d
                row["effect"] = ("changed %d/%d variant lines (%d now hold the canonical as spelled"
                                 " in the dictionary), %d other lines") % (
                    d["changed_variant_lines"], d["variant_lines"], d["canonical_exact"],
                    d["changed_other_lines"])
                if "line_count_mismatch" in d:
                    row["effect"] += "; line count %d -> %d" % tuple(d["line_count_mismatch"])
    if row["status"] != "ok":
        try:
            with open(err_path, encoding="utf-8", errors="replace") as f:
                tail = f.read().strip().splitlines()[-3:]
            row["stderr_tail"] = tail
        except OSError:
            pass
    with open(a.results, "a") as f:
        f.write(json.dumps(row) + "\n")
    msg = row["status"] if row["status"] != "ok" else "%.3f s median, %.1f MiB" % (row["wall"], row["rss_mb"])
    print("  %-34s %s" % (a.tool, msg), file=sys.stderr)
    if row["status"] != "ok" and row.get("stderr_tail"):
        for line in row["stderr_tail"]:
            print("      | " + line, file=sys.stderr)


def cmd_fail(a):
    row = {"tool": a.tool, "input": a.input, "input_mb": file_mb(a.input),
           "status": "failed (%s)" % a.why, "command": a.command or ""}
    with open(a.results, "a") as f:
        f.write(json.dumps(row) + "\n")
    print("  %-34s %s" % (a.tool, row["status"]), file=sys.stderr)


def fmt(x, nd):
    return "-" if x is None else ("%." + str(nd) + "f") % x


def cmd_table(a):
    rows = [json.loads(l) for l in open(a.results) if l.strip()]
    # input file -> MB/s of the first `transcrub clean` row on it: the
    # command as a user runs it, every pass (the rows after it on the same
    # input are variants: --keep-artifacts, a FIFO, a re-run).
    ref = {}
    for r in rows:
        if r["tool"].startswith("transcrub clean") and r["status"] == "ok" and r.get("mbps"):
            ref.setdefault(r["input"], r["mbps"])
    print("| tool | input MB | wall s (median of %s) | MB/s | max RSS MB | vs transcrub | result |"
          % (max([r.get("runs", 0) for r in rows] + [1])))
    print("|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        if r["status"] != "ok":
            print("| %s | %s | failed | - | - | - | %s |" % (r["tool"], fmt(r["input_mb"], 1), r["status"]))
            continue
        rel = "-"
        if r.get("mbps") and r["input"] in ref:
            if r["tool"].startswith("transcrub clean"):
                rel = "1 (ref)"
            else:
                rel = "%.3gx" % (r["mbps"] / ref[r["input"]])
        elif r.get("mbps") and r["tool"].startswith("transcrub"):
            # A transcrub row with no `clean` row on its input is its own.
            rel = "1 (ref)"
        elif r.get("mbps"):
            rel = "n/a (transcrub failed)"
        print("| %s | %s | %s | %s | %s | %s | %s |" % (
            r["tool"], fmt(r["input_mb"], 1), fmt(r["wall"], 3), fmt(r.get("mbps"), 1),
            fmt(r["rss_mb"], 0), rel, r.get("effect", "")))
    print()
    print("Commands:")
    print()
    for r in rows:
        if r.get("command"):
            cmd = r["command"].replace(a.strip, "") if a.strip else r["command"]
            print("- %s: `%s`" % (r["tool"], cmd))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="mode", required=True)
    r = sub.add_parser("run")
    r.add_argument("--results", required=True)
    r.add_argument("--tool", required=True)
    r.add_argument("--input", required=True)
    r.add_argument("--runs", type=int, default=3)
    r.add_argument("--copy", nargs=2, metavar=("SRC", "DST"))
    r.add_argument("--diff", nargs=2, metavar=("ORIG", "OUT"))
    r.add_argument("--fresh", metavar="OUT")
    r.add_argument("--count-stdout", action="store_true")
    r.add_argument("--truth")
    r.add_argument("--ok-codes", type=lambda v: [int(x) for x in v.split(",")], default=[],
                   help="comma-separated extra exit codes counted as success (e.g. 1)")
    r.add_argument("cmd", nargs=argparse.REMAINDER)
    f = sub.add_parser("fail")
    f.add_argument("--results", required=True)
    f.add_argument("--tool", required=True)
    f.add_argument("--input", required=True)
    f.add_argument("--why", required=True)
    f.add_argument("--command")
    t = sub.add_parser("table")
    t.add_argument("results")
    t.add_argument("--strip", default="", help="path prefix to drop from the commands shown")
    a = ap.parse_args()
    {"run": cmd_run, "fail": cmd_fail, "table": cmd_table}[a.mode](a)


if __name__ == "__main__":
    main()
