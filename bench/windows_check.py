#!/usr/bin/env python3
"""Cleaning in windows against cleaning whole, on the real transcripts.

`transcrub clean` reads a long plain-text, SRT or TSV file a window at a
time (README, "clean"); its output, report and summary must be those of
cleaning the file whole. The real SRT files of bench/corpora/data are each
shorter than a window, so this script joins those that read without a
repair into one long SRT (times shifted so that they follow one another, 30
s apart, cues numbered again), writes the same cues as Whisper TSV, and
cleans both whole and in windows of several sizes, with several option
sets. It prints a line per run and exits 1 if any run differs.

    python3 bench/windows_check.py [--transcrub PATH]

Without bench/corpora/data it says that the data is missing and exits 0.
The joined files are written to a temporary folder and removed.
"""

import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "bench", "corpora", "data")
TIMING = re.compile(r"(\d\d):(\d\d):(\d\d),(\d\d\d) --> (\d\d):(\d\d):(\d\d),(\d\d\d)$")
WHOLE = "1000000000"
WINDOWS = ["2000", "20000", "262144"]
OPTIONS = [
    [],
    ["--aggressive-loops"],
    ["-d", os.path.join(ROOT, "dictionaries", "messages-a-caractere-informatique.toml")],
]


def ms(h, m, s, f):
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f)


def srt_time(t):
    return "%02d:%02d:%02d,%03d" % (t // 3600000, t // 60000 % 60, t // 1000 % 60, t % 1000)


def blocks(path):
    """The (start, end, text) of each block, or None if any block is not
    the plain `index / timing / text` shape."""
    with open(path, encoding="utf-8-sig") as f:
        text = f.read().replace("\r\n", "\n")
    out = []
    for block in text.strip("\n").split("\n\n"):
        lines = block.split("\n")
        m = TIMING.match(lines[1]) if len(lines) > 2 else None
        if not m:
            return None
        g = m.groups()
        out.append((ms(*g[:4]), ms(*g[4:]), "\n".join(lines[2:])))
    return out


def joined_srt(transcrub):
    """One SRT of every real SRT that reads without a repair."""
    cues, offset, used = [], 0, []
    for path in sorted(glob.glob(os.path.join(DATA, "**", "*.srt"), recursive=True)):
        read = subprocess.run(
            [transcrub, "clean", "--keep-artifacts", "-q", path], capture_output=True
        )
        if read.returncode != 0 or read.stderr:
            continue  # repaired on reading: it would be read whole anyway
        found = blocks(path)
        if not found:
            continue
        used.append(os.path.relpath(path, DATA))
        last = 0
        for start, end, text in found:
            cues.append((start + offset, end + offset, text))
            last = max(last, end + offset)
        offset = last + 30_000
    srt = "".join(
        "%d\n%s --> %s\n%s\n\n" % (i + 1, srt_time(s), srt_time(e), t)
        for i, (s, e, t) in enumerate(cues)
    )
    return srt, used, len(cues)


def clean(transcrub, path, options, window, folder):
    report = os.path.join(folder, "report-%s.jsonl" % window)
    env = dict(os.environ, TRANSCRUB_WINDOW_BYTES=window, TRANSCRUB_CACHE_DIR="")
    run = subprocess.run(
        [transcrub, "clean", path, "--report", report] + options,
        capture_output=True,
        env=env,
    )
    with open(report, "rb") as f:
        return run.returncode, run.stdout, run.stderr, f.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--transcrub", default=os.path.join(ROOT, "target", "release", "transcrub")
    )
    args = parser.parse_args()
    if not os.path.isdir(DATA):
        print("data missing: %s (see bench/corpora/README.md)" % DATA)
        return 0
    srt, used, count = joined_srt(args.transcrub)
    if not used:
        print("data missing: no SRT in %s reads without a repair" % DATA)
        return 0
    print("%d real SRT files joined: %d cues, %d bytes" % (len(used), count, len(srt.encode())))
    differ = 0
    with tempfile.TemporaryDirectory() as folder:
        files = {"srt": os.path.join(folder, "joined.srt")}
        with open(files["srt"], "w", encoding="utf-8") as f:
            f.write(srt)
        tsv = subprocess.run(
            [args.transcrub, "clean", files["srt"], "--keep-artifacts", "--to", "tsv", "-q"],
            capture_output=True,
            check=True,
        ).stdout
        files["tsv"] = os.path.join(folder, "joined.tsv")
        with open(files["tsv"], "wb") as f:
            f.write(tsv)
        for kind, path in files.items():
            for options in OPTIONS:
                whole = clean(args.transcrub, path, options, WHOLE, folder)
                for window in WINDOWS:
                    same = clean(args.transcrub, path, options, window, folder) == whole
                    differ += not same
                    print(
                        "%s, windows of %7s bytes, %-40s %s"
                        % (kind, window, " ".join(options)[-40:] or "(defaults)",
                           "same as whole" if same else "DIFFERS")
                    )
    print("%d runs differ" % differ)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
