#!/usr/bin/env python3
"""Does `transcrub dict learn` help? Word error rate against a person's
review, before and after cleaning with the dictionary it learned.

    python3 bench/dict_learn_wer.py [--transcrub PATH]

For each raw/reviewed pair under bench/corpora/data/pairs/ (real
transcripts, never committed; see bench/corpora/MANIFEST-speech.md):

1. in-sample: `dict learn raw reviewed`, then `clean raw -d learned.toml`;
2. held out: learn from the first half of both files (by cue or line), clean
   the second half of raw with it, and compare with the second half of the
   reviewed file: what a user gets on the next episode.

WER = word edit distance / words of the reference, after lower-casing and
removing punctuation (a reviewer's punctuation and case are not what a
dictionary fixes). Front matter, Markdown headings and speaker/time label
lines are left out of both sides, and consecutive identical lines are
counted once (YouTube's rolling captions repeat every line). `clean` runs
with --keep-artifacts, so only the dictionary's changes count.
Prints "data missing" when the pairs are absent.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "bench" / "corpora" / "data" / "pairs"

FRONT = re.compile(r"\A\s*---\r?\n.*?\n---[ \t]*\r?\n", re.S)
LABEL = re.compile(r"^(?:\s*#{1,6}\s.*|\s*\**[\w .'-]{1,40}\**:\**\s*\[?\d{1,2}(?::\d{2}){1,2}\]?\s*)$")
TIMING = re.compile(r"^\s*\d+:\d+(?::\d+)?[.,]\d+\s*-->")


def units(path: Path):
    """The text units of a file: cues (SRT/VTT) or lines (anything else),
    without labels, front matter or timing."""
    text = path.read_text(encoding="utf-8", errors="replace")
    text = FRONT.sub("", text)
    out = []
    if path.suffix in (".srt", ".vtt"):
        for block in re.split(r"\n\s*\n", text.replace("\r", "")):
            lines = [l for l in block.split("\n") if l.strip()]
            lines = [l for l in lines if not TIMING.match(l) and not l.strip().isdigit() and l.strip() != "WEBVTT"]
            if lines:
                out.append(" ".join(lines))
    else:
        out = [l for l in text.splitlines() if l.strip() and not LABEL.match(l)]
    # Rolling captions: each line again in the next cue.
    deduped = []
    for u in out:
        if not deduped or deduped[-1] != u:
            deduped.append(u)
    return deduped


def words(units):
    text = " ".join(units).lower()
    text = re.sub(r"<[^>]+>", " ", text)
    return re.findall(r"[\w'’-]+", text)


def edit_distance(a, b):
    """Levenshtein distance between word lists: Myers' bit-parallel
    algorithm (Hyyrö's form) with Python integers as bit vectors."""
    if not b:
        return len(a)
    m = len(b)
    peq = {}
    for i, w in enumerate(b):
        peq[w] = peq.get(w, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for w in a:
        eq = peq.get(w, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def wer(hyp, ref):
    return edit_distance(hyp, ref) / max(1, len(ref))


def run(binary, args):
    return subprocess.run([str(binary), *args], capture_output=True, text=True)


def measure(binary, name, raw, reviewed, tmp: Path):
    rows = []
    raw_u, rev_u = units(raw), units(reviewed)
    halves = {
        "in-sample": (raw_u, rev_u, raw_u, rev_u),
        "held out": (
            raw_u[: len(raw_u) // 2],
            rev_u[: len(rev_u) // 2],
            raw_u[len(raw_u) // 2 :],
            rev_u[len(rev_u) // 2 :],
        ),
    }
    for how, (learn_raw, learn_rev, test_raw, test_rev) in halves.items():
        lr, lv, tr = tmp / f"{name}-lr.txt", tmp / f"{name}-lv.txt", tmp / f"{name}-tr.txt"
        lr.write_text("\n".join(learn_raw) + "\n")
        lv.write_text("\n".join(learn_rev) + "\n")
        tr.write_text("\n".join(test_raw) + "\n")
        dic = tmp / f"{name}-{how}.toml"
        learned = run(binary, ["dict", "learn", str(lr), str(lv), "-o", str(dic)])
        if learned.returncode != 0:
            rows.append((name, how, "dict learn failed: " + learned.stderr.strip()))
            continue
        cleaned = run(binary, ["clean", str(tr), "-d", str(dic), "-q", "--keep-artifacts", "--from", "txt"])
        if cleaned.returncode != 0:
            rows.append((name, how, "the learned dictionary does not load: " + cleaned.stderr.strip()))
            continue
        terms = dic.read_text().count("[[term]]")
        ref = words(test_rev)
        before = wer(words(test_raw), ref)
        after = wer(words(cleaned.stdout.splitlines()), ref)
        rows.append((name, how, terms, len(ref), before, after))
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--transcrub", default=str(ROOT / "target" / "release" / "transcrub"))
    a = p.parse_args()
    if not Path(a.transcrub).exists():
        sys.exit(f"no binary at {a.transcrub} (cargo build --release)")
    if not PAIRS.is_dir():
        print(f"data missing: {PAIRS} (see bench/corpora/README.md)")
        return
    rows = []
    with tempfile.TemporaryDirectory() as t:
        for pair in sorted(PAIRS.iterdir()):
            raw = next(iter(sorted(pair.glob("raw.*"))), None)
            rev = next(iter(sorted(pair.glob("reviewed.*"))), None)
            if not raw or not rev:
                print(f"data missing: {pair}/raw.* or reviewed.*")
                continue
            rows += measure(Path(a.transcrub), pair.name, raw, rev, Path(t))
    print("| pair | learned from | terms | reference words | WER raw | WER after clean | change |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in rows:
        if len(r) == 3:
            print(f"| {r[0]} | {r[1]} | {r[2]} | | | | |")
            continue
        name, how, terms, n, before, after = r
        print(f"| {name} | {how} | {terms} | {n} | {before:.3f} | {after:.3f} | {after - before:+.3f} |")


if __name__ == "__main__":
    main()
