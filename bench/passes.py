#!/usr/bin/env python3
"""Where each input byte's instructions go, pass by pass.

Runs `transcrub clean` and `transcrub subtitles` on a prefix of the
benchmark corpus (bench/compare.sh makes it) with its 50,000-variant
dictionary, under valgrind's callgrind, and prints, for each pass, the
instructions it ran in all and per byte of input. Instructions do not move
with the machine's load the way seconds do: a change that saves 2% shows
here when ten timed runs cannot tell it from noise. The speed targets of
issue 15 are in seconds; BENCHMARKS.md ("Fifty-second round") turns one
into instructions a byte with this table.

    python3 bench/passes.py [--mb 2] [--transcrub PATH] [--keep DIR]

`BENCH_DATA` names the data folder, as for bench/compare.sh.

Without --transcrub it builds the release binary with line tables (in
target/passes, so that the usual build is left alone), which callgrind
needs to name inlined code. It needs valgrind (installed with apt-get
when missing and run as root). Without the corpus it says that the data is
missing and exits 0.

Valgrind's CPU has no SHA instructions, so the dictionary cache's checksum
runs in software here, ten times its native cost: it is counted on a row
of its own and left out of the totals.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# bench/compare.sh's corpus and dictionary, with its defaults.
DATA = os.environ.get("BENCH_DATA", os.path.join(ROOT, "bench", "data"))
CORPUS = os.path.join(DATA, "corpus-100mb-s42-t10000-v50000")

# (row, function, depth): inclusive counts of these functions; depth 1 rows
# are part of the depth 0 row above them. The functions are the passes'
# entry points (src/clean/mod.rs, src/command/subtitles_stream.rs).
CLEAN_ROWS = [
    ("cleaning (every pass)", "transcrub::clean::windows::Window::clean", 0),
    ("artifact pass", "transcrub::clean::artifacts::remove", 1),
    ("its words, for loops", "transcrub::artifacts::loops::Words::read", 2),
    # The needles of a window's cues, searched together; then the cues
    # that may hold one, searched alone (fifty-fifth round).
    ("its credit screen", "transcrub::artifacts::prefilter::Prefilter::may_match_each", 2),
    ("its credit search", "transcrub::artifacts::Artifacts::find_always", 2),
    ("its whole-line lists", "transcrub::artifacts::Artifacts::classify_whole", 2),
    ("dictionary pass", "transcrub::clean::dictionary::correct", 1),
    ("white space", "transcrub::clean::whitespace::normalise", 1),
    ("writing the output", "transcrub::command::clean_stream::write_windows", 0),
]
SUBTITLE_ROWS = [
    ("cleaning (every pass)", "transcrub::clean::windows::Window::clean", 0),
    ("token stage", "transcrub::command::subtitles_stream::Segmenting::run", 0),
    ("its break costs", "transcrub::segment::breaks::BreakCosts::extend", 1),
    ("cue choice and timing", "transcrub::segment::stages::CueStage::settle", 0),
    ("its line layouts", "transcrub::segment::cues::Candidates::layout_cost", 1),
    ("writing the subtitles", "transcrub::command::subtitles_stream::Sink::write", 0),
]
SHA = re.compile(r"sha2::sha256::(soft|x86)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=2.0, help="prefix size (default 2)")
    parser.add_argument("--transcrub", help="binary to measure (built with line tables)")
    parser.add_argument("--keep", help="keep the callgrind files in this folder")
    args = parser.parse_args()

    source = os.path.join(CORPUS, "corpus-10mb.txt")
    dictionary = os.path.join(CORPUS, "dict.toml")
    if not (os.path.exists(source) and os.path.exists(dictionary)):
        print(f"data missing: {source} (run bench/compare.sh once to make it)")
        return 0
    if not ensure_valgrind():
        print("error: valgrind is missing and could not be installed", file=sys.stderr)
        return 2
    binary = args.transcrub or build()
    work = args.keep or tempfile.mkdtemp(prefix="passes-")
    os.makedirs(work, exist_ok=True)
    try:
        prefix = os.path.join(work, "prefix.txt")
        size = whole_lines(source, prefix, int(args.mb * 1e6))
        # The dictionary is read from the cache, as every run after the
        # first reads it: one run writes the cache, in a folder of its own.
        env = dict(os.environ, TRANSCRUB_CACHE_DIR=os.path.join(work, "cache"))
        clean = [binary, "clean", prefix, "-d", dictionary, "--quiet"]
        subtitles = [binary, "subtitles", prefix, "-d", dictionary, "--quiet",
                     "-o", os.path.join(work, "out.srt")]
        subprocess.run(clean, env=env, stdout=subprocess.DEVNULL, check=True)
        print(f"Input: the first {size:,} bytes of {os.path.relpath(source, ROOT)} "
              f"(whole lines), with its dictionary, read from the cache.\n")
        for name, command, rows in [("clean", clean, CLEAN_ROWS),
                                    ("subtitles", subtitles, SUBTITLE_ROWS)]:
            counts, total, sha = profile(command, env, os.path.join(work, f"{name}.out"))
            table(name, rows, counts, total - sha, sha, size)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def ensure_valgrind():
    if shutil.which("valgrind") and shutil.which("callgrind_annotate"):
        return True
    if os.geteuid() != 0:
        return False
    subprocess.run(["apt-get", "update", "-qq"], check=False)
    subprocess.run(["apt-get", "install", "-y", "-qq", "valgrind"], check=False)
    return bool(shutil.which("valgrind"))


def build():
    env = dict(os.environ, CARGO_PROFILE_RELEASE_DEBUG="line-tables-only")
    target = os.path.join(ROOT, "target", "passes")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--target-dir", target],
                   cwd=ROOT, env=env, check=True)
    return os.path.join(target, "release", "transcrub")


def whole_lines(source, to, limit):
    """Copies the lines of `source` that fit in `limit` bytes; their size."""
    with open(source, "rb") as f:
        data = f.read(limit)
    data = data[: data.rfind(b"\n") + 1]
    with open(to, "wb") as f:
        f.write(data)
    return len(data)


def profile(command, env, out):
    """Inclusive instructions by function, the total, and SHA-256's share."""
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command],
                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    annotated = subprocess.run(["callgrind_annotate", "--threshold=100", "--inclusive=yes", out],
                               capture_output=True, text=True, check=True).stdout
    counts, total = {}, 0
    # "1,234 (5.6%)  path:function [binary]": a function has an entry per
    # file its code comes from (what was inlined into it); the largest,
    # its own file's, counts everything it ran and called.
    line = re.compile(r"^\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(\S+?):(?!:)(.+?)(?: \[[^\]]*\])?$")
    for row in annotated.splitlines():
        if "PROGRAM TOTALS" in row:
            total = int(row.split()[0].replace(",", ""))
            continue
        m = line.match(row)
        if m:
            function = m.group(3)
            counts[function] = max(counts.get(function, 0), int(m.group(1).replace(",", "")))
    # SHA-256's compression function, with all that was inlined into it.
    sha = max((n for f, n in counts.items() if SHA.search(f)), default=0)
    return counts, total, sha


def table(name, rows, counts, total, sha, size):
    print(f"### transcrub {name}\n")
    print("| pass | instructions | per input byte | share |")
    print("|---|---:|---:|---:|")
    for label, function, depth in rows:
        n = counts.get(function)
        indent = "&nbsp;&nbsp;" * depth
        if n is None:
            print(f"| {indent}{label} | not seen | | |")
            continue
        print(f"| {indent}{label} | {n / 1e6:,.1f} M | {n / size:.1f} | {100 * n / total:.1f}% |")
    rest = total - sum(counts.get(function, 0) for _, function, depth in rows if depth == 0)
    print(f"| the rest: start-up, the dictionary read back, the input read "
          f"| {rest / 1e6:,.1f} M | {rest / size:.1f} | {100 * rest / total:.1f}% |")
    print(f"| all (SHA-256 left out) | {total / 1e6:,.1f} M | {total / size:.1f} | 100% |")
    print(f"| SHA-256 of the dictionary, in software | {sha / 1e6:,.1f} M | | |\n")


if __name__ == "__main__":
    sys.exit(main())
