#!/usr/bin/env python3
"""Checks the artifact lists in this folder (python3 stdlib only).

    python3 dictionaries/artifacts/check.py

1. Every *.toml parses, has only the keys the engine accepts, and names its
   own language.
2. No pattern uses what the engine forbids or adds itself: ^, $, \\b,
   look-around, back-references.
3. Every example is matched ENTIRELY by its pattern, once the trailing
   . ! ? … and spaces are stripped (Python `re`, IGNORECASE), and also by
   the engine's whole-line form ^[\\s«»“”\\[(]*(?i:P)[\\s.!?…»”\\])]*$.
4. No `always` pattern of any language matches inside the clean transcripts
   fixtures/artifacts/clean-{fr,en}.txt (nor the natural-repetition
   fixtures, which must come out unchanged); no line there is a whole
   `suspect` phrase, a repeated line or a phrase loop.

Patterns and texts are compared in the engine's folded form
(src/artifacts/fold.rs): accents off, one apostrophe, no space inside a
hyphenated or elided word ("Sous -titres", "d' Amara").

Python's `re` is not the Rust `regex` engine: `\\p{..}` is translated, for
this check only: (?-i:\\p{Lu}) -> an upper-case class, \\p{L} -> [^\\W\\d_]
(inside a class: explicit letter ranges). The engine's own test
(tests/artifacts.rs) compiles the real thing.
"""

import re
import sys
import tomllib
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = ROOT / "fixtures" / "artifacts"
LANGUAGES = ["fr", "en", "es", "de", "it", "pt", "nl", "ja", "zh", "ko", "ru"]
MUST_STAY_UNCHANGED = [
    "clean-fr.txt",
    "clean-en.txt",
    "natural-repetitions-fr.txt",
    "natural-repetitions-en.txt",
]

UPPER = "A-ZÀ-ÖØ-ÞĀ-ſА-Я"  # Latin (with Latin Extended-A mixed case: close enough) and Cyrillic
LETTERS = "A-Za-zÀ-ÖØ-öø-ɏͰ-ϿЀ-ӿ"
TRAILING = "[\\s.!?…]*"

errors = []


def error(msg):
    errors.append(msg)


JOINED = re.compile(r"(?<=\w)\s+(?=[-'’]\w)|(?<=\w[-'’])\s+(?=\w)")


def fold(text):
    """The engine's folded form (src/artifacts/fold.rs)."""
    text = JOINED.sub("", text)
    text = text.replace("’", "'").replace("ʼ", "'")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def translate(pattern):
    """Rust regex syntax used in the lists -> Python re syntax."""
    p = pattern.replace(r"(?-i:\p{Lu})", f"(?-i:[{UPPER}])")
    out, i, in_class = [], 0, False
    while i < len(p):
        c = p[i]
        if c == "\\":
            two = p[i : i + 2]
            if p.startswith(r"\p{L}", i):
                out.append(LETTERS if in_class else r"[^\W\d_]")
                i += 5
                continue
            out.append(two)
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


FORBIDDEN = [
    (re.compile(r"(?<!\\)\\b"), r"\b (the engine adds word boundaries)"),
    (re.compile(r"\(\?<?[=!]"), "look-around"),
    (re.compile(r"\\[1-9]"), "back-reference"),
    (re.compile(r"(?<![\\\[])\$"), "$ (the engine anchors)"),
    (re.compile(r"(?<![\\\[])\^"), "^ (the engine anchors)"),
]


def is_word_char(c):
    return c.isalnum() or c == "_"


def whole_words(text, start, end):
    """The engine's check: a match does not begin or end inside a word."""
    inner = text[start:end].rstrip(" \t\n.!?…")
    if not inner:
        return True
    before_ok = not is_word_char(inner[0]) or start == 0 or not is_word_char(text[start - 1])
    after = start + len(inner)
    after_ok = not is_word_char(inner[-1]) or after >= len(text) or not is_word_char(text[after])
    return before_ok and after_ok


def load():
    lists = {}
    for lang in LANGUAGES:
        path = HERE / f"{lang}.toml"
        if not path.exists():
            error(f"{path.name}: missing")
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            error(f"{path.name}: TOML: {e}")
            continue
        unknown = set(data) - {"language", "always", "suspect"}
        if unknown:
            error(f"{path.name}: unknown top-level keys {sorted(unknown)}")
        if data.get("language") != lang:
            error(f"{path.name}: language = {data.get('language')!r}, expected {lang!r}")
        entries = []
        for cls in ("always", "suspect"):
            for n, e in enumerate(data.get(cls, []), 1):
                where = f"{path.name} [[{cls}]] #{n}"
                unknown = set(e) - {"pattern", "examples", "note"}
                if unknown:
                    error(f"{where}: unknown keys {sorted(unknown)}")
                pat = e.get("pattern")
                if not isinstance(pat, str) or not pat.strip():
                    error(f"{where}: no pattern")
                    continue
                where = f"{where} {pat[:50]!r}"
                for rx, what in FORBIDDEN:
                    if rx.search(pat):
                        error(f"{where}: uses {what}")
                examples = e.get("examples", [])
                if not examples or not all(isinstance(x, str) for x in examples):
                    error(f"{where}: needs a list of string examples")
                try:
                    folded = translate(fold(pat))
                    compiled = re.compile(folded, re.IGNORECASE)
                    anywhere = re.compile(f"(?:{folded}){TRAILING}", re.IGNORECASE)
                    whole = re.compile(
                        f"^[\\s«»“”\\[\\(]*(?:{folded})[\\s.!?…»”\\]\\)]*$", re.IGNORECASE
                    )
                except re.error as err:
                    error(f"{where}: does not compile (as translated for Python): {err}")
                    continue
                if compiled.fullmatch(""):
                    error(f"{where}: matches the empty string")
                for ex in examples:
                    ex = fold(ex)
                    stripped = ex.rstrip(" \t.!?…")
                    if not compiled.fullmatch(stripped):
                        error(f"{where}: does not match all of example {ex!r}")
                    if not whole.match(ex.strip()):
                        error(f"{where}: whole-line form does not match example {ex!r}")
                entries.append((cls, lang, pat, anywhere, whole, examples))
        lists[lang] = entries
    return lists


def line_key(text):
    return " ".join(text.lower().split()).rstrip(".!?…,;: \t")


def word_keys(text):
    return [re.sub(r"^\W+|\W+$", "", w).lower() for w in text.split()]


def has_phrase_loop(text):
    """The engine's certain loops (src/artifacts/loops.rs): a word 12 times
    in a row, or a phrase of 2 to 8 words 5 times in a row."""
    w = word_keys(text)
    for i in range(len(w)):
        if not w[i]:
            continue
        for k in range(1, 9):
            count = 1
            while i + (count + 1) * k <= len(w) and w[i : i + k] == w[i + count * k : i + (count + 1) * k]:
                count += 1
            if count >= (12 if k == 1 else 5):
                return " ".join(w[i : i + k])
    return None


def check_unchanged(lists):
    always = [e for entries in lists.values() for e in entries if e[0] == "always"]
    suspects = [e for entries in lists.values() for e in entries if e[0] == "suspect"]
    for name in MUST_STAY_UNCHANGED:
        path = FIXTURES / name
        if not path.exists():
            error(f"fixtures/artifacts/{name}: missing")
            continue
        lines = path.read_text(encoding="utf-8").split("\n")
        for no, line in enumerate(lines, 1):
            line = fold(line)
            for _, lang, pat, anywhere, _, _ in always:
                for m in anywhere.finditer(line):
                    if m.end() > m.start() and whole_words(line, m.start(), m.end()):
                        error(f"{name}:{no}: always pattern ({lang}) {pat[:50]!r} matches {m.group(0)!r}")
            for _, lang, pat, _, whole, _ in suspects:
                if line.strip() and whole.match(line.strip()):
                    error(f"{name}:{no}: the whole line is a suspect phrase ({lang}) {pat[:50]!r}")
            loop = has_phrase_loop(line)
            if loop:
                error(f"{name}:{no}: phrase loop {loop!r}")
            if line != line.rstrip() or "  " in line:
                error(f"{name}:{no}: trailing or doubled spaces (the whitespace pass would change it)")
        keys = [line_key(l) for l in lines]
        for i in range(len(keys) - 2):
            if keys[i] and keys[i] == keys[i + 1] == keys[i + 2]:
                error(f"{name}:{i + 1}: three identical lines in a row")


def main():
    lists = load()
    check_unchanged(lists)
    for lang, entries in lists.items():
        a = sum(1 for e in entries if e[0] == "always")
        s = len(entries) - a
        n = sum(len(e[5]) for e in entries)
        print(f"{lang}: {a} always, {s} suspect, {n} examples")
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
