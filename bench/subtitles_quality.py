#!/usr/bin/env python3
"""How good `transcrub subtitles` is on real timed transcripts (issue 13).

For each file of the timed corpus (bench/corpora/MANIFEST-timed.md; the
files stay in the gitignored bench/corpora/data/timed/), runs one or more
transcrub binaries and prints, side by side:

  cues        cues written
  1-word      one-word cues whose word would fit with a neighbour's
              (neither a sound nor a sentence of its own)
  early>0.5s  cues shown more than 0.5 s before their first word is said
              (word-timed files only: the subtitles are made from the
              segments alone and compared with the recogniser's word times)
  joins       lines where two short source cues (<= 1.5 s or <= 3 words)
              meet with no punctuation between them: crosstalk read as one
              sentence
  split       dictionary terms cut across two lines or two cues
  bad-end     lines ending on an article, a preposition, a conjunction, an
              elided form (l', d', qu') or a hyphen (line-break quality)
  mid-clause  two-line cues broken inside a clause while a break after
              punctuation would fit both lines
  over-limit  cues over the reading speed / too short / too long
              (from --stats; each has its reason there)

Usage: bench/subtitles_quality.py [BINARY ...]
(default: target/release/transcrub). Prints "data missing" for absent files.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "bench", "corpora", "data", "timed")

# file, language, multi-word terms from MANIFEST-timed.md (a dictionary a
# user of each show would have)
FILES = [
    ("fr_wts_radio_short.words.json", "fr",
     ["Marine Le Pen", "Nicolas Sarkozy", "BFM TV", "BFM story"]),
    ("fr_wts_smartphone.words.json", "fr", []),
    ("en_fairfax_2026-04-07.json", "en",
     ["Community Response Team", "Council Member Hall", "Leslie Abashian"]),
    ("en_ergo_call_2025-10-17.srt", "en", ["Chain Cash", "New York"]),
    ("en_ergo_call_2025-10-19.srt", "en", ["Chain Cash", "New York"]),
]

BAD_END = {
    "fr": set("le la les l' un une des du de d' à au aux et ou mais donc car ni que qu' "
              "pour par sur dans avec sans en ce cette ces mon ma mes ton ta tes son sa "
              "ses notre votre leur leurs je tu il elle on nous vous ils elles ne n' se "
              "s' c' j' m' t' qui dont".split()),
    "en": set("the a an of to in on at for with and or but nor so that which who "
              "my your his her its our their this these those from by as is are was "
              "were be i".split()),
}

SRT_BLOCK = re.compile(
    r"(\d\d:\d\d:\d\d[,.]\d{3}) --> (\d\d:\d\d:\d\d[,.]\d{3})[^\n]*\n(.*?)(?:\n\n|\Z)", re.S)


def ms(t):
    h, m, rest = t.replace(",", ".").split(":")
    s, f = rest.split(".")
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f)


def parse_srt(text):
    return [(ms(a), ms(b), body.split("\n")) for a, b, body in SRT_BLOCK.findall(text)]


def norm_words(text):
    out = []
    for w in re.split(r"[\s\u00a0\u202f]+", text):
        w = re.sub(r"[^\w']", "", w.lower())
        if w:
            out.append(w)
    return out


def source_cues(path):
    """(start, end, text) of each source cue, and word times if any."""
    if path.endswith(".srt"):
        with open(path, encoding="utf-8-sig") as f:
            return [(a, b, "\n".join(t)) for a, b, t in parse_srt(f.read())], None
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    cues, words = [], []
    for seg in doc["segments"]:
        cues.append((int(seg["start"] * 1000), int(seg["end"] * 1000), seg["text"]))
        for w in seg.get("words") or []:
            t = w.get("word", w.get("text", ""))
            for n in norm_words(t):
                words.append((n, int(w["start"] * 1000)))
    return cues, (words or None)


def dictionary(terms):
    """A show dictionary holding `terms` (no variants): what a user of the
    show would give, so the builder knows them as terms."""
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
        for term in terms:
            f.write('[[term]]\ncanonical = "%s"\n\n' % term)
    return f.name


def run(binary, path, lang, terms=(), extra=()):
    dict_args = []
    if terms:
        dict_args = ["-d", dictionary(terms)]
    out = subprocess.run(
        [binary, "subtitles", "--stats", "--format", "srt", "--lang", lang, path,
         *dict_args, *extra],
        capture_output=True, text=True)
    if dict_args:
        os.unlink(dict_args[1])
    if out.returncode != 0:
        return None, out.stderr
    return parse_srt(out.stdout), out.stderr


def over_limits(stats):
    def grab(label):
        m = re.search(label + r"\s+(\d+)", stats)
        return int(m.group(1)) if m else 0
    return grab("cues over the reading speed") + grab("cues too short") + grab("cues too long")


def measure(binary, name, lang, terms):
    path = os.path.join(DATA, name)
    cues, stats = run(binary, path, lang, terms)
    if cues is None:
        return {"error": stats.strip().splitlines()[-1] if stats.strip() else "failed"}
    src, words = source_cues(path)
    # Source word -> (source cue index, short?)
    src_words = []
    for i, (a, b, text) in enumerate(src):
        ws = norm_words(text)
        short = (b - a) <= 1500 or len(ws) <= 3
        src_words += [(w, i, short, text.rstrip()) for w in ws]
    out_words = []  # (word, cue index, line index)
    for c, (_, _, lines) in enumerate(cues):
        for l, line in enumerate(lines):
            out_words += [(w, c, l) for w in norm_words(line)]
    aligned = len(src_words) == len(out_words) and all(
        a[0] == b[0] for a, b in zip(src_words, out_words))
    joins = 0
    if aligned:
        for k in range(1, len(out_words)):
            (_, c1, l1), (_, c2, l2) = out_words[k - 1], out_words[k]
            s1, s2 = src_words[k - 1], src_words[k]
            if (c1, l1) == (c2, l2) and s1[1] != s2[1] and (s1[2] or s2[2]) \
                    and not re.search(r"[.,;:!?…]$", s1[3]):
                joins += 1
    one_word = 0
    for c, (a, b, lines) in enumerate(cues):
        text = " ".join(lines)
        if len(norm_words(text)) == 1 and not re.match(r"^[\[(♪]", text.strip()) \
                and not re.search(r"[.!?…]$", text.strip()):
            neighbours = [cues[j] for j in (c - 1, c + 1) if 0 <= j < len(cues)]
            if any(len(" ".join(n[2])) + len(text) + 1 <= 84 for n in neighbours):
                one_word += 1
    split = 0
    for term in terms:
        tw = norm_words(term)
        for k in range(len(out_words) - len(tw) + 1):
            if [w for w, _, _ in out_words[k:k + len(tw)]] == tw:
                places = {(c, l) for _, c, l in out_words[k:k + len(tw)]}
                split += len(places) > 1
    bad_end, mid_clause = 0, 0
    for _, _, lines in cues:
        for line in lines[:-1]:
            last = line.replace("\u00a0", " ").split(" ")[-1].lower()
            elided = re.search(r"['’]$", last)
            if last in BAD_END[lang] or elided or last.endswith("-"):
                bad_end += 1
        if len(lines) == 2 and not re.search(r"[.,;:!?…»]$", lines[0].strip()):
            joined = lines[0] + " " + lines[1]
            for m in re.finditer(r"[.,;:!?…](?=\s)", joined):
                first, second = joined[:m.end()], joined[m.end():].strip()
                if 0 < len(second) and len(first) <= 42 and len(second) <= 42:
                    mid_clause += 1
                    break
    early = None
    if words:
        # The same file without word times: segments only, as most files are.
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for seg in doc["segments"]:
            seg.pop("words", None)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as tmp:
            json.dump(doc, tmp)
        seg_cues, _ = run(binary, tmp.name, lang, terms)
        os.unlink(tmp.name)
        early = 0
        k = 0
        for a, _, lines in seg_cues or []:
            n = norm_words(" ".join(lines))
            if not n:
                continue
            while k < len(words) and words[k][0] != n[0]:
                k += 1
            if k < len(words):
                early += (words[k][1] - a) > 500
                k += len(n)
    return {
        "cues": len(cues), "1-word": one_word,
        "early>0.5s": "-" if early is None else early,
        "joins": joins if aligned else "?", "split": split,
        "bad-end": bad_end, "mid-clause": mid_clause,
        "over-limit": over_limits(stats),
    }


def main():
    binaries = sys.argv[1:] or [os.path.join(ROOT, "target", "release", "transcrub")]
    columns = ["cues", "1-word", "early>0.5s", "joins", "split", "bad-end",
               "mid-clause", "over-limit"]
    print("| file | binary | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 2) + "|")
    for name, lang, terms in FILES:
        if not os.path.exists(os.path.join(DATA, name)):
            print(f"| {name} | | data missing |")
            continue
        for binary in binaries:
            r = measure(binary, name, lang, terms)
            label = os.path.relpath(binary, ROOT) if binary.startswith(ROOT) else binary
            if "error" in r:
                print(f"| {name} | {label} | error: {r['error']} |")
                continue
            print(f"| {name} | {label} | " + " | ".join(str(r[c]) for c in columns) + " |")


if __name__ == "__main__":
    main()
