#!/usr/bin/env python3
"""How `transcrub clean` treats repetitions in real third-party transcripts.

Measures, on the labelled corpora of bench/corpora/ (see README.md there and
the MANIFEST-*.md files), whether `transcrub clean`

* keeps natural repetitions (people saying "non non non", singing "oh oh oh
  oh oh oh", chanting "allez allez allez") and real phrases that look like
  recogniser inventions ("Thank you for watching." said to fans, the name
  Amara), and
* removes recogniser loops (dense, sparse, phrase and micro loops, runs of
  placeholders) and invented credits.

    python3 bench/repetitions.py [--transcrub PATH] [--verbose] [--json FILE]
    python3 bench/repetitions.py --stats        # label figures only, no binary
    python3 bench/repetitions.py --check-map [--only NAME]

Each labelled file is converted into a file transcrub reads (SRT, VTT,
Whisper JSON and TSV as they are; console logs, lyrics CSV, timed CoNLL-U
and start-time-only transcripts to TSV; other text to TXT), with a map from
the original file's lines to the converted file's lines. transcrub runs once
per file and per mode (`default`; `aggressive` = `--aggressive-loops`,
"n/a" when the binary does not know the flag), with `--lang` from the file
name, and writes a JSON Lines report. Each applied removal (rules loop,
phrase_loop, artifact, suspect_artifact) and each suggestion
(loop_suggestion, phrase_loop_suggestion, suspect_suggestion) is placed on
the labels whose lines it falls on.

Lines are compared at the granularity of a unit: a TXT or TSV line, an SRT
or VTT cue (all its lines), a Whisper JSON segment (all its lines, words
included; transcrub reports a segment's changes on its "text" line).

Prints Markdown tables per mode and the distributions taken from the labels
alone (repeat counts of natural repetitions, repeats of loops, speaking
rate of real cues, per-copy duration of micro loops). `--json FILE` writes
every figure as JSON as well. Nothing is downloaded: missing data is
reported as "data missing: ..." and the rest is measured (exit 0); exit 2
is a usage error. Python 3 standard library only.
"""

import argparse
import bisect
import csv
import io
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO / "bench" / "corpora"
DEFAULT_BINARY = REPO / "target" / "release" / "transcrub"

APPLIED = {"loop", "phrase_loop", "artifact", "suspect_artifact"}
SUGGESTED = {"loop_suggestion", "phrase_loop_suggestion", "suspect_suggestion"}

NATURAL = {"natural"}
REAL_SUSPECT = {"real_suspect"}
# `loop` is the speech corpus's own kind for its three recogniser loops.
LOOPS = {"dense_loop", "phrase_loop", "sparse_loop", "placeholder_run", "loop"}
COPY_COUNTED = {"dense_loop", "sparse_loop"}
MICRO = {"micro_loop"}
CREDITS = {"credit", "credit_variant"}

MODES = [("default", []), ("aggressive", ["--aggressive-loops"])]
REPEAT_BINS = ["2", "3", "4", "5", "6", "7", "8", "9", "10+"]


# ---------------------------------------------------------------- labels

@dataclass
class Label:
    """One labelled instance, anchored on original lines first..last."""
    corpus: str          # "speech" (labels-speech.tsv) or "loops" (labels-loops.tsv)
    file: str            # relative to data/
    first: int
    last: int | None     # None: to the end of the file (resolved on load)
    kind: str
    unit: str            # the repeated text when known, else ""
    unit_words: int
    repeats: int
    separators: str      # speech labels only
    note: str
    source_row: int      # line of the labels file
    times: dict = field(default_factory=dict)  # loops labels: gap/segment ms

    @property
    def name(self):
        return Path(self.file).name

    def where(self):
        if self.last is None or self.last == self.first:
            return f"{self.file}:{self.first}"
        return f"{self.file}:{self.first}-{self.last}"


def speech_label_range(line, separators, note):
    """Last original line of a speech label, read from its note.

    The note gives the extent of multi-line instances: "spans lines A-B",
    "segment lines A-B", "lines A and B", "(A, B, C)" after "lines";
    "over two lyric lines" / "on the next lyric line" mean one line more;
    "every segment text line" means to the end of the file (None).
    """
    for m in re.finditer(r"\blines\s+\(?(\d+(?:\s*(?:-|,|and)\s*\d+)*)", note):
        if re.match(r"\s*s\b", note[m.end():]):
            continue                     # "(161-176 s)" are seconds, not lines
        numbers = [int(n) for n in re.findall(r"\d+", m.group(1))]
        return max(numbers + [line])
    if re.search(r"two lyric lines|next lyric line|next line", note):
        return line + 1
    if "every segment text line" in note:
        return None
    return line


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[0], [(i + 2, r) for i, r in enumerate(rows[1:]) if any(r)]


def load_speech_labels(path):
    header, rows = read_tsv(path)
    col = {name: i for i, name in enumerate(header)}
    labels = []
    for row_no, r in rows:
        note = r[col["note"]]
        line = int(r[col["line"]])
        unit = re.search(r'unit "([^"]*)"', note)
        labels.append(Label(
            corpus="speech", file="speech/" + r[col["file"]], first=line,
            last=speech_label_range(line, r[col["separators"]], note),
            kind=r[col["kind"]], unit=unit.group(1) if unit else "",
            unit_words=int(r[col["unit_words"]]), repeats=int(r[col["repeats"]]),
            separators=r[col["separators"]], note=note, source_row=row_no))
    return labels


def load_loop_labels(path):
    header, rows = read_tsv(path)
    col = {name: i for i, name in enumerate(header)}
    labels = []
    for row_no, r in rows:
        unit = r[col["unit_words"]]
        times = {k: int(r[col[k]]) for k in
                 ("min_gap_ms", "max_gap_ms", "min_seg_ms", "max_seg_ms")
                 if r[col[k]].strip()}
        labels.append(Label(
            corpus="loops", file=r[col["file"]], first=int(r[col["first_line"]]),
            last=int(r[col["last_line"]]), kind=r[col["kind"]], unit=unit,
            unit_words=len(unit.split()), repeats=int(r[col["repeats"]]),
            separators="", note=r[col["note"]], source_row=row_no, times=times))
    return labels


def language_of(name):
    m = re.match(r"(fr|en)[-_]", name)
    return m.group(1) if m else None


def is_song(label):
    return "song" in label.name


# ------------------------------------------------------ JSON with lines

class LineDict(dict):
    """A JSON object that knows its first and last line and each key's line."""
    first_line = 0
    last_line = 0
    key_lines: dict


_JSON_TOKEN = re.compile(
    r'\s*(?:("(?:[^"\\]|\\.)*")|([{}\[\]:,])'
    r'|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null))', re.S)


def parse_json_with_lines(text):
    """Parse JSON text; objects become LineDict with 1-based line numbers."""
    newlines = [i for i, c in enumerate(text) if c == "\n"]
    tokens = []
    pos = 0
    end = len(text.rstrip())
    while pos < end:
        m = _JSON_TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"JSON: unexpected text at offset {pos}")
        start = m.start(m.lastindex)
        tokens.append((m.group(m.lastindex), bisect.bisect_left(newlines, start) + 1))
        pos = m.end()

    def value(i):
        tok, line = tokens[i]
        if tok == "{":
            obj = LineDict()
            obj.first_line, obj.key_lines = line, {}
            i += 1
            if tokens[i][0] == "}":
                obj.last_line = tokens[i][1]
                return obj, i + 1
            while True:
                key = json.loads(tokens[i][0])
                obj.key_lines[key] = tokens[i][1]
                obj[key], i = value(i + 2)
                tok, line = tokens[i]
                i += 1
                if tok == "}":
                    obj.last_line = line
                    return obj, i
        if tok == "[":
            arr = []
            i += 1
            if tokens[i][0] == "]":
                return arr, i + 1
            while True:
                item, i = value(i)
                arr.append(item)
                tok = tokens[i][0]
                i += 1
                if tok == "]":
                    return arr, i
        return json.loads(tok), i + 1

    return value(0)[0]


# ------------------------------------------------------------ conversion

@dataclass
class Cue:
    """A cue/segment/row of a file, for the speaking-rate figures."""
    first: int           # original lines it spans
    last: int
    line: int            # original line shown to people (its text line)
    text: str
    start_ms: float | None
    end_ms: float | None
    timing: str          # "full", "start-only", "none"


@dataclass
class Converted:
    """A labelled file as transcrub will read it, with the line maps."""
    how: str                     # which conversion
    fmt: str                     # txt srt vtt json tsv
    content: str                 # text of the converted file
    orig_to_unit: dict           # original line -> unit key (converted line)
    conv_to_unit: dict           # converted line -> unit key (absent: itself)
    cues: list
    timing: str                  # "full", "start-only", "none"
    words: list = field(default_factory=list)  # (first, last, text, start_ms, end_ms)
    unit_text: dict = field(default_factory=dict)  # unit key -> its text

    def unit_of_converted(self, line):
        return self.conv_to_unit.get(line, line)

    def converted_lines(self):
        return self.content.split("\n")


def clean_field(text):
    return re.sub(r"[\t\r\n]+", " ", text)


def tsv_content(rows):
    """rows: (start_ms, end_ms, text) -> TSV text with its header line."""
    out = ["start\tend\ttext"]
    for start, end, text in rows:
        out.append(f"{int(round(start))}\t{int(round(end))}\t{clean_field(text)}")
    return "\n".join(out) + "\n"


def tsv_converted(how, entries, timing):
    """entries: (orig_line, start_ms, end_ms, text, cue_timing) -> TSV.

    Entry k (from 0) is on line k + 2, after the header line.
    """
    orig_to_unit, cues = {}, []
    for k, (orig, start, end, text, cue_timing) in enumerate(entries):
        orig_to_unit[orig] = k + 2
        cues.append(Cue(orig, orig, orig, text, start, end, cue_timing))
    content = tsv_content([(s, e, t) for _, s, e, t, _ in entries])
    conv = Converted(how, "tsv", content, orig_to_unit, {}, cues, timing)
    conv.unit_text = {k + 2: clean_field(e[3]) for k, e in enumerate(entries)}
    return conv


def txt_converted(how, entries):
    """entries: (orig_lines, text): each becomes one TXT line."""
    orig_to_unit, cues, out = {}, [], []
    for k, (orig_lines, text) in enumerate(entries):
        for orig in orig_lines:
            orig_to_unit[orig] = k + 1
        cues.append(Cue(orig_lines[0], orig_lines[-1], orig_lines[0], text, None, None, "none"))
        out.append(clean_field(text))
    conv = Converted(how, "txt", "\n".join(out) + "\n", orig_to_unit, {}, cues, "none")
    conv.unit_text = {k + 1: text for k, text in enumerate(out)}
    return conv


_SRT_TIME = re.compile(r"(?:(\d+):)?(\d+):(\d+)[,.](\d+)")


def cue_time_ms(stamp):
    m = _SRT_TIME.fullmatch(stamp.strip())
    if not m:
        return None
    h, mnt, s, frac = m.groups()
    return ((int(h or 0) * 60 + int(mnt)) * 60 + int(s)) * 1000 + int(frac.ljust(3, "0")[:3])


def convert_cue_file(text, fmt):
    """SRT or VTT as it is: every line of a cue maps to its first text line."""
    lines = text.split("\n")
    owner = [None] * len(lines)          # index -> cue number
    cues_lines = []
    for i, line in enumerate(lines):
        if "-->" not in line or owner[i] is not None:
            continue
        block = [i]
        if i > 0 and lines[i - 1].strip() and owner[i - 1] is None \
                and "-->" not in lines[i - 1] and lines[i - 1].strip() != "WEBVTT":
            block.insert(0, i - 1)       # index (SRT) or identifier (VTT)
        j = i + 1
        while j < len(lines) and lines[j].strip() and "-->" not in lines[j]:
            if j + 1 < len(lines) and "-->" in lines[j + 1] and lines[j].strip().isdigit():
                break                    # next cue's index without a blank line
            block.append(j)
            j += 1
        for k in block:
            owner[k] = len(cues_lines)
        cues_lines.append((block, i))
    orig_to_unit, cues = {}, []
    for block, timing_index in cues_lines:
        text_idx = [k for k in block if k > timing_index]
        key = (text_idx[0] if text_idx else timing_index) + 1
        for k in block:
            orig_to_unit[k + 1] = key
        start, _, end = lines[timing_index].partition("-->")
        end = end.strip().split(" ")[0]
        cues.append(Cue(block[0] + 1, block[-1] + 1, key,
                        " ".join(lines[k].strip() for k in text_idx),
                        cue_time_ms(start), cue_time_ms(end), "full"))
    conv = Converted(f"{fmt} as it is", fmt, text, orig_to_unit, dict(orig_to_unit), cues, "full")
    conv.unit_text = {c.line: c.text for c in cues}
    return conv


def convert_whisper_json(text):
    """Whisper JSON as it is: every line of a segment maps to its "text" line."""
    data = parse_json_with_lines(text)
    orig_to_unit, cues, words = {}, [], []
    for seg in data.get("segments", []):
        if not isinstance(seg, LineDict):
            continue
        key = seg.key_lines.get("text", seg.first_line)
        for line in range(seg.first_line, seg.last_line + 1):
            orig_to_unit[line] = key
        cues.append(Cue(seg.first_line, seg.last_line, key, str(seg.get("text", "")),
                        seg["start"] * 1000 if "start" in seg else None,
                        seg["end"] * 1000 if "end" in seg else None, "full"))
        for w in seg.get("words", []) or []:
            if isinstance(w, LineDict) and "start" in w and "end" in w:
                words.append((w.first_line, w.last_line,
                              str(w.get("text", w.get("word", ""))),
                              w["start"] * 1000, w["end"] * 1000))
    conv = Converted("whisper json as it is", "json", text, orig_to_unit,
                     dict(orig_to_unit), cues, "full")
    conv.words = words
    conv.unit_text = {c.line: c.text for c in cues}
    return conv


def convert_tsv(text):
    """Whisper TSV as it is."""
    entries = []
    for i, line in enumerate(text.split("\n")[1:], start=2):
        parts = line.split("\t", 2)
        if len(parts) == 3 and parts[0].strip().isdigit():
            entries.append(Cue(i, i, i, parts[2], float(parts[0]), float(parts[1]), "full"))
    orig = {c.first: c.first for c in entries}
    conv = Converted("tsv as it is", "tsv", text, orig, {}, entries, "full")
    conv.unit_text = {c.first: c.text for c in entries}
    return conv


_CONSOLE = re.compile(r"^\[\s*([0-9:.,]+s?)\s*-+>\s*([0-9:.,]+s?)\s*\]\s?(.*)$")


def console_time_ms(stamp):
    if stamp.endswith("s"):
        return float(stamp[:-1]) * 1000
    return cue_time_ms(stamp)


def convert_console_log(text):
    """Console log: one TSV row per `[start --> end]  text` line; noise dropped."""
    entries = []
    for i, line in enumerate(text.split("\n"), start=1):
        m = _CONSOLE.match(line)
        if m:
            entries.append((i, console_time_ms(m.group(1)), console_time_ms(m.group(2)),
                            m.group(3).strip(), "full"))
    return tsv_converted("console log -> tsv", entries, "full")


def convert_conllu(text):
    """CoNLL-U: each `# text =` line one unit; TSV when tokens carry AlignBegin/End.

    A sentence's time is the first non-zero AlignBegin to the last AlignEnd
    of its tokens (zero marks overlapped speech); a sentence without times
    gets a zero-length row at the previous row's end and is not timed.
    """
    sentences = []
    for i, line in enumerate(text.split("\n"), start=1):
        if line.startswith("# text = "):
            sentences.append({"line": i, "text": line[len("# text = "):], "b": [], "e": []})
        elif sentences and line[:1].isdigit():
            b = re.search(r"AlignBegin=(\d+)", line)
            e = re.search(r"AlignEnd=(\d+)", line)
            if b and int(b.group(1)) > 0:
                sentences[-1]["b"].append(int(b.group(1)))
            if e and int(e.group(1)) > 0:
                sentences[-1]["e"].append(int(e.group(1)))
    if not any(s["b"] for s in sentences):
        return txt_converted("conllu # text -> txt", [([s["line"]], s["text"]) for s in sentences])
    entries, previous_end = [], 0
    for s in sentences:
        if s["b"] and s["e"]:
            start, end = min(s["b"]), max(s["e"])
            entries.append((s["line"], start, max(start, end), s["text"], "full"))
            previous_end = max(start, end)
        else:
            entries.append((s["line"], previous_end, previous_end, s["text"], "none"))
    return tsv_converted("conllu # text + word times -> tsv", entries, "full")


def convert_jamendo_csv(text):
    """JamendoLyrics CSV (start_time,end_time,lyrics_line, seconds) -> TSV."""
    entries = []
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    for row in reader:
        if len(row) >= 3:
            line = reader.line_num
            entries.append((line, float(row[0]) * 1000, float(row[1]) * 1000, row[2], "full"))
    return tsv_converted("lyrics csv -> tsv", entries, "full")


_SPEAKER = re.compile(r"^\*\*[^*]+?(?::\*\*|\*\*:)\s*")
_INLINE_TIME = re.compile(r"\\?\[\d{1,2}:\d{2}(?::\d{2})?\\?\]\s*")


def convert_changelog_md(text):
    """Changelog Markdown: each paragraph one TXT line, `**Speaker:**` removed.

    In-line `\\[mm:ss\\]` time markers are dropped and Markdown backslash
    escapes undone (`\\[fail alert\\]` -> `[fail alert]`).
    """
    entries, para = [], []
    for i, line in enumerate(text.split("\n") + [""], start=1):
        if line.strip():
            para.append((i, line.strip()))
            continue
        if para:
            body = " ".join(t for _, t in para)
            body = _SPEAKER.sub("", body)
            body = _INLINE_TIME.sub("", body)
            body = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", body).strip()
            if body:
                entries.append(([n for n, _ in para], body))
            para = []
    return txt_converted("changelog markdown -> txt", entries)


_YOUTUBE = re.compile(r"^\*\s+(.*?)\s*\[\[(\d+(?::\d+){1,2})\]\(([^)]*)\)\]\s*$")
_START_ONLY = re.compile(r"^\[([^\]]*)\]\s+\[(\d+(?::\d+){1,2})\]\s?(.*)$")


def clock_ms(stamp):
    seconds = 0
    for part in stamp.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds * 1000


def start_only_entries(starts):
    """(orig_line, start_ms, text) -> TSV entries with end = next start."""
    entries = []
    for k, (orig, start, text) in enumerate(starts):
        end = starts[k + 1][1] if k + 1 < len(starts) else start + 2000
        entries.append((orig, start, max(start, end), text, "start-only"))
    return entries


def convert_youtube_md(text):
    """YouTube Markdown: bullets `*  text [[hh:mm:ss](...&t=S)]` -> TSV; front matter dropped."""
    starts = []
    for i, line in enumerate(text.split("\n"), start=1):
        m = _YOUTUBE.match(line)
        if m:
            t = re.search(r"[?&]t=([0-9.]+)s?", m.group(3))
            start = float(t.group(1)) * 1000 if t else clock_ms(m.group(2))
            starts.append((i, start, m.group(1)))
    return tsv_converted("youtube markdown (start times) -> tsv", start_only_entries(starts),
                         "start-only")


def convert_start_only_txt(text):
    """`[Speaker] [MM:SS] text` lines -> TSV; speaker tags removed."""
    starts = []
    for i, line in enumerate(text.split("\n"), start=1):
        m = _START_ONLY.match(line)
        if m:
            starts.append((i, clock_ms(m.group(2)), m.group(3).strip()))
    return tsv_converted("[speaker] [mm:ss] text -> tsv", start_only_entries(starts),
                         "start-only")


def convert_plain(text):
    """Anything else: TXT, one line per (non-empty) line."""
    return txt_converted("text as it is",
                         [([i], line) for i, line in enumerate(text.split("\n"), start=1)
                          if line.strip()])


def convert(path):
    """Pick the conversion from the extension and the content."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    ext = path.suffix.lower()
    lines = text.split("\n")
    if ext == ".srt":
        return convert_cue_file(text, "srt")
    if ext == ".vtt":
        return convert_cue_file(text, "vtt")
    if ext == ".tsv":
        return convert_tsv(text)
    if ext == ".json" and '"segments"' in text:
        return convert_whisper_json(text)
    if ext == ".conllu":
        return convert_conllu(text)
    if ext == ".csv" and lines[0].strip() == "start_time,end_time,lyrics_line":
        return convert_jamendo_csv(text)
    if ext == ".md" and any(_YOUTUBE.match(line) for line in lines):
        return convert_youtube_md(text)
    if ext == ".md" and any(_SPEAKER.match(line) for line in lines):
        return convert_changelog_md(text)
    first = next((line.strip() for line in lines if line.strip()), "")
    if first == "WEBVTT":
        return convert_cue_file(text, "vtt")
    if any(re.match(r"^\s*\d+:\d+:\d+[,.]\d+\s+-->\s+", line) for line in lines):
        return convert_cue_file(text, "srt")
    if any(_CONSOLE.match(line) for line in lines):
        return convert_console_log(text)
    if any(_START_ONLY.match(line) for line in lines):
        return convert_start_only_txt(text)
    return convert_plain(text)


# ------------------------------------------------------------- running

@dataclass
class Change:
    rule: str
    line: int
    before: str
    after: str

    @property
    def applied(self):
        return self.rule in APPLIED


@dataclass
class Run:
    status: str                  # "ok", "n/a" (flag unknown), "error"
    changes: list
    message: str = ""


def read_report(path):
    changes = []
    if not path.exists():
        return changes
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        rule = obj.get("rule", "")
        if rule in APPLIED or rule in SUGGESTED:
            changes.append(Change(rule, int(obj.get("line", 0)),
                                  obj.get("before", ""), obj.get("after", "")))
    return changes


def run_transcrub(binary, conv_path, fmt, lang, flags, workdir, tag):
    report = workdir / f"{tag}.report.jsonl"
    out = workdir / f"{tag}.out.{fmt}"
    report.unlink(missing_ok=True)
    cmd = [str(binary), "clean", str(conv_path), "--from", fmt,
           "--report", str(report), "-q", "-o", str(out)] + flags
    if lang:
        cmd += ["--lang", lang]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode == 2 and "unexpected argument" in proc.stderr:
        return Run("n/a", [], proc.stderr.strip().splitlines()[0])
    if proc.returncode != 0:
        first = proc.stderr.strip().splitlines()
        return Run("error", [], f"exit {proc.returncode}: {first[0] if first else ''}")
    return Run("ok", read_report(report))


def same_text(text):
    return " ".join(unicodedata.normalize("NFC", text).split())


def place_changes(conv, changes):
    """The unit of each change: [(unit, change)] and the list of moved changes.

    A change belongs to the unit of its reported line. When its `before`
    text is not in that unit's text (transcrub 0.1.0 reports the segments
    of a Whisper JSON whose text is written with \\u escapes on the line of
    the segment before them), it goes to the first later unit whose text
    holds it and that no other moved change with the same text took; such
    moves are listed so that people can see them.
    """
    keys = sorted(conv.unit_text)
    placed, moved, taken = [], [], set()
    for ch in changes:
        unit = conv.unit_of_converted(ch.line)
        before = same_text(ch.before)
        if not before or before in same_text(conv.unit_text.get(unit, "")):
            placed.append((unit, ch))
            continue
        start = bisect.bisect_right(keys, unit)
        target = next((k for k in keys[start:] if (k, before) not in taken
                       and before in same_text(conv.unit_text[k])), None)
        if target is not None:
            taken.add((target, before))
        placed.append((target if target is not None else unit, ch))
        moved.append((ch, unit, target))
    return placed, moved


# ------------------------------------------------------------- judging

def tokens(text):
    return re.findall(r"[\w'’-]+", text.lower())


def count_unit(unit, text):
    """Non-overlapping occurrences of unit's word sequence in text."""
    u, t = tokens(unit), tokens(text)
    if not u:
        return 0
    n = i = 0
    while i + len(u) <= len(t):
        if t[i:i + len(u)] == u:
            n += 1
            i += len(u)
        else:
            i += 1
    return n


@dataclass
class Outcome:
    status: str          # kept, damaged, suggested (kept with suggestions),
    #                      removed, missed, removed_other (credit by another rule)
    applied: list
    suggested: list
    copies: int | None = None


def label_units(label, conv):
    last = label.last if label.last is not None else max(conv.orig_to_unit, default=label.first)
    return sorted({conv.orig_to_unit[n] for n in range(label.first, last + 1)
                   if n in conv.orig_to_unit})


def judge(label, units, changes_by_unit):
    applied, suggested = [], []
    for u in units:
        for ch in changes_by_unit.get(u, []):
            (applied if ch.applied else suggested).append(ch)
    if label.kind in NATURAL or label.kind in REAL_SUSPECT:
        status = "damaged" if applied else ("suggested" if suggested else "kept")
        return Outcome(status, applied, suggested)
    if label.kind in CREDITS:
        if any(ch.rule == "artifact" for ch in applied):
            status = "removed"
        elif applied:
            status = "removed_other"
        else:
            status = "suggested" if suggested else "missed"
        return Outcome(status, applied, suggested)
    status = "removed" if applied else ("suggested" if suggested else "missed")
    copies = None
    if label.kind in COPY_COUNTED:
        copies = 0
        for ch in applied:
            copies += max(1, count_unit(label.unit, ch.before)) if label.unit else 1
        copies = min(copies, label.repeats)
    return Outcome(status, applied, suggested, copies)


# ------------------------------------------------------------ measuring

@dataclass
class FileEntry:
    file: str                    # relative to data/
    corpus: str
    lang: str | None
    conv: Converted | None
    labels: list
    error: str = ""

    @property
    def timed(self):
        return self.conv is not None and self.conv.fmt != "txt"


def shown_path(path):
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def check_data(corpora, labels):
    """The "data missing" items: data/ itself, or each labelled file absent."""
    data = corpora / "data"
    if not data.is_dir():
        return [shown_path(data) + "/"]
    return [shown_path(data / f) for f in sorted({lab.file for lab in labels})
            if not (data / f).is_file()]


def resolve_open_ranges(corpora, labels):
    """A label running to the end of its file gets the file's last line."""
    for lab in labels:
        path = corpora / "data" / lab.file
        if lab.last is None and path.is_file():
            lab.last = path.read_text(encoding="utf-8").count("\n") + 1


def load_files(corpora, labels, only):
    """Converts every present labelled file; resolves open-ended label ranges."""
    data = corpora / "data"
    by_file = {}
    for lab in labels:
        if only and only not in lab.file:
            continue
        by_file.setdefault(lab.file, []).append(lab)
    entries = []
    for f, labs in sorted(by_file.items()):
        path = data / f
        if not path.is_file():
            continue
        corpus = "speech" if f.startswith("speech/") else "loops"
        try:
            conv = convert(path)
            error = ""
        except (ValueError, UnicodeDecodeError, KeyError, IndexError) as e:
            conv, error = None, f"conversion failed: {e}"
        entries.append(FileEntry(f, corpus, language_of(Path(f).name), conv, labs, error))
    return entries


def measure_mode(entries, binary, mode, flags, workdir):
    """Runs transcrub on every file in this mode; judges every label."""
    results = {"status": "ok", "files": {}}
    for k, fe in enumerate(entries):
        if fe.conv is None:
            results["files"][fe.file] = {"run": Run("error", [], fe.error), "outcomes": {}}
            continue
        stem = Path(fe.file).name.split(".")[0]
        conv_path = workdir / f"{k:03d}-{stem}.{fe.conv.fmt}"
        if not conv_path.exists():
            conv_path.write_text(fe.conv.content, encoding="utf-8")
        run = run_transcrub(binary, conv_path, fe.conv.fmt, fe.lang, flags, workdir,
                            f"{k:03d}-{stem}.{mode}")
        if run.status == "n/a":
            results["status"] = "n/a"
            results["message"] = run.message
            return results
        placed, moved = place_changes(fe.conv, run.changes)
        by_unit = {}
        for unit, ch in placed:
            by_unit.setdefault(unit, []).append(ch)
        outcomes = {}
        for lab in fe.labels:
            units = label_units(lab, fe.conv)
            outcomes[id(lab)] = judge(lab, units, by_unit) if units else None
        results["files"][fe.file] = {"run": run, "outcomes": outcomes, "by_unit": by_unit,
                                     "moved": moved}
    return results


def group_key(fe):
    lang = fe.lang or "other"
    return (fe.corpus, lang, "yes" if fe.timed else "no")


def frac(a, b):
    return f"{a}/{b}" if b else "–"


def summarise(entries, results):
    """Per (corpus, language, timed) counts, plus totals per corpus."""
    groups = {}
    for fe in entries:
        keys = [group_key(fe), (fe.corpus, "all", "")]
        info = results["files"].get(fe.file)
        for key in keys:
            g = groups.setdefault(key, {
                "files": 0, "failed": 0, "natural": 0, "natural_kept": 0, "damaged": 0,
                "loops": 0, "loops_removed": 0, "loops_suggested": 0,
                "loops6": 0, "loops6_removed": 0, "copies": 0, "copies_expected": 0,
                "micro": 0, "micro_removed": 0, "credits": 0, "credits_removed": 0,
                "credits_other_rule": 0, "suspects": 0, "suspects_kept": 0,
                "natural_suggested": 0, "suggestions": 0, "unmapped": 0})
            g["files"] += 1
            if info is None or info["run"].status != "ok":
                g["failed"] += 1
                continue
            g["suggestions"] += sum(1 for ch in info["run"].changes if not ch.applied)
            for lab in fe.labels:
                o = info["outcomes"].get(id(lab))
                if o is None:
                    g["unmapped"] += 1
                    continue
                count_outcome(g, lab, o)
    return groups


def count_outcome(g, lab, o):
    if lab.kind in NATURAL:
        g["natural"] += 1
        g["natural_kept"] += o.status != "damaged"
        g["damaged"] += o.status == "damaged"
        g["natural_suggested"] += o.status == "suggested"
    elif lab.kind in REAL_SUSPECT:
        g["suspects"] += 1
        g["suspects_kept"] += o.status != "damaged"
    elif lab.kind in CREDITS:
        g["credits"] += 1
        g["credits_removed"] += o.status == "removed"
        g["credits_other_rule"] += o.status == "removed_other"
    elif lab.kind in MICRO:
        g["micro"] += 1
        g["micro_removed"] += o.status == "removed"
    elif lab.kind in LOOPS:
        g["loops"] += 1
        g["loops_removed"] += o.status == "removed"
        g["loops_suggested"] += o.status == "suggested"
        if lab.repeats >= 6:
            g["loops6"] += 1
            g["loops6_removed"] += o.status == "removed"
        if o.copies is not None:
            g["copies"] += o.copies
            g["copies_expected"] += lab.repeats - 1


def precision(entries, results):
    """Where applied removals fall: natural speech, real suspects, loops/credits, elsewhere."""
    p = {"applied": 0, "on_natural": 0, "on_real_suspect": 0, "on_loops_credits": 0,
         "unlabelled_speech_corpus": 0, "unlabelled_loop_corpus": 0}
    for fe in entries:
        info = results["files"].get(fe.file)
        if info is None or info["run"].status != "ok":
            continue
        unit_kind = {}
        for lab in fe.labels:
            for u in label_units(lab, fe.conv):
                unit_kind.setdefault(u, set()).add(lab.kind)
        for unit, ch in ((u, c) for u, cs in info["by_unit"].items() for c in cs):
            if not ch.applied:
                continue
            p["applied"] += 1
            kinds = unit_kind.get(unit, set())
            if kinds & NATURAL:
                p["on_natural"] += 1
            elif kinds & REAL_SUSPECT:
                p["on_real_suspect"] += 1
            elif kinds:
                p["on_loops_credits"] += 1
            elif fe.corpus == "speech":
                p["unlabelled_speech_corpus"] += 1
            else:
                p["unlabelled_loop_corpus"] += 1
    return p


# ------------------------------------------------------------ printing

def short(text, n=80):
    text = text.replace("\n", "\\n")
    return text if len(text) <= n else text[:n - 1] + "…"


def print_mode_table(mode, results, entries):
    print(f"\n### Mode `{mode}`\n")
    if results["status"] == "n/a":
        print(f"n/a: the binary does not know this mode's flag ({results.get('message', '')})")
        return None
    if not entries:
        print("Nothing measured: no labelled file is present.")
        return None
    groups = summarise(entries, results)
    order = [(c, l, t) for c in ("speech", "loops") for l in ("fr", "en", "other", "all")
             for t in (("",) if l == "all" else ("yes", "no"))]
    print("| corpus | lang | timed | files | natural kept | damaged | loops removed "
          "| 6+ repeats removed | dense/sparse copies removed | micro loops removed "
          "| credits removed | real suspects kept | suggestions made |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for key in order:
        g = groups.get(key)
        if not g:
            continue
        loops = frac(g["loops_removed"], g["loops"])
        if g["loops_suggested"]:
            loops += f" (+{g['loops_suggested']} suggested)"
        credits = frac(g["credits_removed"], g["credits"])
        if g["credits_other_rule"]:
            credits += f" (+{g['credits_other_rule']} by another rule)"
        natural = frac(g["natural_kept"], g["natural"])
        if g["natural_suggested"]:
            natural += f" ({g['natural_suggested']} with suggestions)"
        files = str(g["files"]) + (f" ({g['failed']} failed)" if g["failed"] else "")
        corpus = "**" + key[0] + "**" if key[1] == "all" else key[0]
        print(f"| {corpus} | {key[1]} | {key[2]} | {files} "
              f"| {natural} | {g['damaged']} | {loops} "
              f"| {frac(g['loops6_removed'], g['loops6'])} "
              f"| {frac(g['copies'], g['copies_expected'])} "
              f"| {frac(g['micro_removed'], g['micro'])} | {credits} "
              f"| {frac(g['suspects_kept'], g['suspects'])} | {g['suggestions']} |")
    p = precision(entries, results)
    print(f"\nPrecision: {p['applied']} applied removals; {p['on_natural']} on natural speech, "
          f"{p['on_real_suspect']} on real suspects, {p['on_loops_credits']} on labelled "
          f"loops/credits; on unlabelled lines: {p['unlabelled_speech_corpus']} in the speech "
          f"corpus, {p['unlabelled_loop_corpus']} in the loop corpus.")
    moved = [(fe, m) for fe in entries
             for m in results["files"].get(fe.file, {}).get("moved", [])]
    if moved:
        files = sorted({fe.file for fe, _ in moved})
        print(f"\nReport lines corrected: {len(moved)} changes whose `before` is not on the "
              f"line the report gives were placed on the next unit holding it "
              f"({', '.join(files)}; listed with --verbose).")
    for fe in entries:
        info = results["files"].get(fe.file)
        if info and info["run"].status == "error":
            print(f"\nerror: {fe.file}: {info['run'].message}")
    return {"groups": {"/".join(k): v for k, v in groups.items()}, "precision": p,
            "report_lines_corrected": [
                {"file": fe.file, "rule": ch.rule, "reported_line": ch.line,
                 "placed_on": target, "before": ch.before}
                for fe, (ch, _, target) in moved]}


def print_change(ch):
    print(f"    {ch.rule} (converted line {ch.line}): before={short(ch.before)!r} "
          f"after={short(ch.after)!r}")


def print_verbose(mode, results, entries):
    if results["status"] != "ok":
        return
    damaged, missed, unlabelled = [], [], []
    for fe in entries:
        info = results["files"].get(fe.file)
        if info is None or info["run"].status != "ok":
            continue
        labelled = set()
        for lab in fe.labels:
            units = label_units(lab, fe.conv)
            labelled.update(units)
            o = info["outcomes"].get(id(lab))
            if o is None:
                continue
            if o.status == "damaged":
                damaged.append((lab, o))
            elif lab.kind not in NATURAL | REAL_SUSPECT and o.status != "removed":
                missed.append((lab, o))
        for unit, changes in sorted(info["by_unit"].items()):
            if unit not in labelled:
                unlabelled += [(fe, ch) for ch in changes if ch.applied]
    print(f"\n#### `{mode}`: damaged natural instances and real suspects ({len(damaged)})\n")
    for lab, o in damaged:
        print(f"- {lab.where()} {lab.kind} repeats={lab.repeats} unit={lab.unit!r}")
        for ch in o.applied:
            print_change(ch)
    print(f"\n#### `{mode}`: loops, micro loops and credits not removed ({len(missed)})\n")
    for lab, o in missed:
        print(f"- {lab.where()} {lab.kind} repeats={lab.repeats} unit={lab.unit!r}: {o.status}")
        for ch in o.applied + o.suggested:
            print_change(ch)
    print(f"\n#### `{mode}`: applied removals on unlabelled lines ({len(unlabelled)})\n")
    for fe, ch in unlabelled:
        print(f"- {fe.file} (converted line {ch.line}) {ch.rule}: before={short(ch.before)!r}")
    moved = [(fe, m) for fe in entries
             for m in results["files"].get(fe.file, {}).get("moved", [])]
    print(f"\n#### `{mode}`: changes placed on another line than the report gives ({len(moved)})\n")
    for fe, (ch, unit, target) in moved:
        where = f"converted line {target}" if target else "nowhere (kept on the reported line)"
        print(f"- {fe.file}: {ch.rule} reported on converted line {ch.line}, "
              f"placed on {where}: before={short(ch.before)!r}")


def print_unmapped(entries):
    bad = [lab for fe in entries if fe.conv for lab in fe.labels if not label_units(lab, fe.conv)]
    if bad:
        print("\nLabels that could not be mapped to a converted line:")
        for lab in bad:
            print(f"- {lab.where()} {lab.kind} (labels-{lab.corpus}.tsv line {lab.source_row})")
    return [lab.where() for lab in bad]


def check_map(entries, data):
    """Prints, for each label, the original line beside the converted line."""
    for fe in entries:
        if fe.conv is None:
            print(f"\n{fe.file}: {fe.error}")
            continue
        orig = (data / fe.file).read_text(encoding="utf-8").split("\n")
        conv = fe.conv.converted_lines()
        print(f"\n== {fe.file}  [{fe.conv.how}, --from {fe.conv.fmt}]")
        for lab in fe.labels:
            units = label_units(lab, fe.conv)
            print(f"- {lab.kind} {lab.where()} repeats={lab.repeats} unit={lab.unit!r}"
                  f" -> converted lines {units[:6]}{' ...' if len(units) > 6 else ''}")
            if not units:
                print("    NOT MAPPED")
                continue
            shown = [(lab.first, units[0])]
            if lab.last != lab.first:
                shown.append((lab.last, units[-1]))
            for o, c in shown:
                left = orig[o - 1] if 0 < o <= len(orig) else "?"
                right = conv[c - 1] if 0 < c <= len(conv) else "?"
                print(f"    orig {o:>6}: {short(left.strip(), 70)}")
                print(f"    conv {c:>6}: {short(right.strip(), 70)}")


# ---------------------------------------------------------- label figures

def repeat_bin(n):
    return "10+" if n >= 10 else str(n)


def natural_distribution(labels):
    """Counts of repeats of natural instances by speech/song, word/phrase, within/across lines."""
    table = {}
    for lab in labels:
        if lab.kind not in NATURAL:
            continue
        across = lab.separators == "newline" if lab.corpus == "speech" else lab.last != lab.first
        key = ("song" if is_song(lab) else "speech",
               "word" if lab.unit_words <= 1 else "phrase",
               "across lines" if across else "within one line")
        row = table.setdefault(key, {b: 0 for b in REPEAT_BINS}
                               | {"total": 0, "max": 0, "max_at": ""})
        row[repeat_bin(lab.repeats)] += 1
        row["total"] += 1
        if lab.repeats > row["max"]:
            row["max"], row["max_at"] = lab.repeats, lab.where()
    return table


def loop_distribution(labels):
    out = {}
    for lab in labels:
        if lab.kind in NATURAL:
            continue
        kind = lab.kind if lab.corpus == "loops" else "loop (speech corpus)"
        out.setdefault(kind, []).append(lab.repeats)
    return {k: sorted(v) for k, v in out.items()}


def percentile(sorted_values, p):
    """Nearest-rank percentile of a sorted list."""
    if not sorted_values:
        return None
    k = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[k - 1]


def rate_files(corpora):
    data = corpora / "data"
    files = sorted(p for d in ("speech", "timed") if (data / d).is_dir()
                   for p in (data / d).iterdir() if p.is_file())
    return files


def cue_rates(conv, rel, loop_labels):
    """(rates, counts) of one file's cues: rate items and what was left out."""
    items = []
    counts = {"cues": 0, "inside_loops": 0, "zero_length": 0, "untimed": 0}
    for cue in conv.cues:
        counts["cues"] += 1
        if any(cue.first <= lab.last and lab.first <= cue.last for lab in loop_labels):
            counts["inside_loops"] += 1
            continue
        if cue.timing == "none" or cue.start_ms is None or cue.end_ms is None:
            counts["untimed"] += 1
            continue
        duration = (cue.end_ms - cue.start_ms) / 1000
        if duration <= 0:
            counts["zero_length"] += 1
            continue
        chars = len(cue.text.strip())
        items.append((chars / duration, rel, cue.line, chars, duration, cue.text.strip()))
    return items, counts


def speaking_rates(corpora, labels):
    """Characters per second of every timed cue outside labelled loops/credits.

    Files with start and end times make the main figures; files with start
    times only (end = next start) are kept apart: their rate is a lower bound.
    """
    data = corpora / "data"
    loops_by_file = {}
    for lab in labels:
        if lab.kind not in NATURAL | REAL_SUSPECT:
            loops_by_file.setdefault(lab.file, []).append(lab)
    rates, start_only, per_file = [], [], {}
    counts = {"files": 0, "cues": 0, "inside_loops": 0, "zero_length": 0, "untimed": 0}
    so_counts = {"files": 0, "cues": 0, "inside_loops": 0, "zero_length": 0, "untimed": 0}
    for path in rate_files(corpora):
        rel = str(path.relative_to(data))
        try:
            conv = convert(path)
        except (ValueError, UnicodeDecodeError, KeyError, IndexError):
            continue
        if conv.timing == "none":
            continue
        items, c = cue_rates(conv, rel, loops_by_file.get(rel, []))
        target, total = ((start_only, so_counts) if conv.timing == "start-only"
                         else (rates, counts))
        target += items
        total["files"] += 1
        for k, v in c.items():
            total[k] += v
        if conv.timing != "start-only":
            values = sorted(r[0] for r in items)
            per_file[rel] = {"n": len(values), "p50": percentile(values, 50),
                             "p99": percentile(values, 99),
                             "max": values[-1] if values else None}
    return rates, start_only, per_file, counts, so_counts


def rate_summary(items):
    values = sorted(r[0] for r in items)
    return {"n": len(values),
            **{f"p{p}": percentile(values, p) for p in (50, 90, 99, 99.9)},
            "max": values[-1] if values else None}


def micro_loop_durations(corpora, labels):
    """Per-copy duration (ms) of every labelled micro loop."""
    data = corpora / "data"
    out = []
    for lab in labels:
        if lab.kind not in MICRO or not (data / lab.file).is_file():
            continue
        conv = convert(data / lab.file)
        words = [w for w in conv.words if lab.first <= w[0] and w[1] <= lab.last]
        if words:
            per_copy = sorted(w[4] - w[3] for w in words)
            source = f"{len(words)} word slots"
        else:
            cues = [c for c in conv.cues if lab.first <= c.first and c.last <= lab.last]
            total = sum((c.end_ms or 0) - (c.start_ms or 0) for c in cues)
            per_copy = [total / lab.repeats] * lab.repeats
            source = f"{len(cues)} segments, {lab.repeats} copies"
        out.append({"label": lab.where(), "unit": lab.unit, "copies": len(per_copy),
                    "source": source, "min_ms": per_copy[0],
                    "median_ms": per_copy[len(per_copy) // 2], "max_ms": per_copy[-1]})
    return out


def fmt_num(x, digits=1):
    return "–" if x is None else f"{x:.{digits}f}"


def print_stats(corpora, labels):
    """Item 7: the distributions used to choose thresholds, from the labels alone."""
    print("\n## Label figures\n")
    print("### Natural repetitions: number of instances by repeats\n")
    dist = natural_distribution(labels)
    print("| who | unit | where | " + " | ".join(REPEAT_BINS) + " | total | max (at) |")
    print("|---|---|---|" + "---|" * (len(REPEAT_BINS) + 2))
    for key in sorted(dist):
        row = dist[key]
        print(f"| {key[0]} | {key[1]} | {key[2]} | "
              + " | ".join(str(row[b]) for b in REPEAT_BINS)
              + f" | {row['total']} | {row['max']} ({row['max_at']}) |")
    print("\n### Loops: repeats per kind\n")
    loops = loop_distribution(labels)
    for kind, values in sorted(loops.items()):
        print(f"- {kind} ({len(values)}): {', '.join(map(str, values))}")
    rates, start_only, per_file, counts, so_counts = speaking_rates(corpora, labels)
    summary = rate_summary(rates)
    print("\n### Speaking rate of real cues (characters per second)\n")
    print(f"{summary['n']} cues with start and end times in {counts['files']} files "
          f"(data/speech and data/timed); left out: {counts['inside_loops']} inside labelled "
          f"loops/credits, {counts['zero_length']} zero-length, {counts['untimed']} without "
          f"times (such as CoNLL-U sentences of overlapped speech).\n")
    split = {"all": summary,
             "speech (no \"song\" in the name)": rate_summary(
                 [r for r in rates if "song" not in Path(r[1]).name]),
             "song": rate_summary([r for r in rates if "song" in Path(r[1]).name])}
    print("| files | cues | p50 | p90 | p99 | p99.9 | max |")
    print("|---|---|---|---|---|---|---|")
    for name, sm in split.items():
        print(f"| {name} | {sm['n']} | "
              + " | ".join(fmt_num(sm[k]) for k in ("p50", "p90", "p99", "p99.9", "max")) + " |")
    print("\nFastest 10:\n")
    for r in sorted(rates, reverse=True)[:10]:
        print(f"- {r[0]:.1f} c/s  {r[1]}:{r[2]}  {r[3]} chars in {r[4]:.3f} s: {short(r[5], 60)!r}")
    print("\nPer file (p50 / p99 / max):\n")
    for rel, s in per_file.items():
        print(f"- {rel}: n={s['n']} "
              f"{fmt_num(s['p50'])} / {fmt_num(s['p99'])} / {fmt_num(s['max'])}")
    so = rate_summary(start_only)
    print(f"\nStart-time-only files ({so_counts['files']}; end = next start, so the rate "
          f"is a lower bound; not in the figures above): n={so['n']}, p50 "
          f"{fmt_num(so['p50'])}, p99 {fmt_num(so['p99'])}, max {fmt_num(so['max'])}; "
          f"{so_counts['zero_length']} turns share their start with the next one.")
    micro = micro_loop_durations(corpora, labels)
    print("\n### Micro loops: duration per copy (ms)\n")
    for m in micro:
        print(f"- {m['label']} {m['unit']!r}: {m['source']}; min {m['min_ms']:.0f}, "
              f"median {m['median_ms']:.0f}, max {m['max_ms']:.0f}")
    return {"natural_repeats": {" / ".join(k): v for k, v in dist.items()},
            "loop_repeats": loops,
            "speaking_rate": {"summary": split, "counts": counts, "per_file": per_file,
                              "top10": [{"cps": r[0], "at": f"{r[1]}:{r[2]}", "chars": r[3],
                                         "seconds": r[4], "text": r[5]}
                                        for r in sorted(rates, reverse=True)[:10]],
                              "start_only": {**so, "counts": so_counts}},
            "micro_loop_ms_per_copy": micro}


# ------------------------------------------------------------------ main

def outcome_json(results, entries):
    out = []
    for fe in entries:
        info = results["files"].get(fe.file)
        for lab in fe.labels:
            o = info["outcomes"].get(id(lab)) if info else None
            out.append({"label": lab.where(), "kind": lab.kind, "repeats": lab.repeats,
                        "status": o.status if o else "not measured",
                        "copies_removed": o.copies if o else None,
                        "changes": [vars(ch) for ch in (o.applied + o.suggested)] if o else []})
    return out


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--transcrub", type=Path, default=DEFAULT_BINARY,
                    help="binary to measure (default: target/release/transcrub)")
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA,
                    help="folder with the labels and data/ (default: bench/corpora)")
    ap.add_argument("--stats", action="store_true",
                    help="print only the label figures (no binary needed)")
    ap.add_argument("--check-map", action="store_true",
                    help="print each label's original and converted line side by side")
    ap.add_argument("--only", metavar="TEXT",
                    help="measure or map only files whose path contains TEXT "
                         "(the label figures always cover everything)")
    ap.add_argument("--verbose", action="store_true",
                    help="list damaged natural instances, missed loops, unlabelled removals")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write every figure as JSON")
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="write converted files, reports and outputs to DIR and keep them")
    return ap.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    corpora = args.corpora.resolve()
    labels, figures = [], {}
    for name, loader in (("labels-speech.tsv", load_speech_labels),
                         ("labels-loops.tsv", load_loop_labels)):
        if (corpora / name).is_file():
            labels += loader(corpora / name)
        else:
            print(f"data missing: {shown_path(corpora / name)}")
    missing = check_data(corpora, labels)
    for m in missing:
        print(f"data missing: {m}")
    figures["data_missing"] = missing
    resolve_open_ranges(corpora, labels)
    entries = load_files(corpora, labels, args.only)
    if args.check_map:
        check_map(entries, corpora / "data")
        figures["unmapped"] = print_unmapped(entries)
        return 0
    if not args.stats:
        binary = args.transcrub if args.transcrub.is_absolute() else Path.cwd() / args.transcrub
        if not binary.is_file():
            print(f"error: no transcrub binary at {binary} (build it with `cargo build "
                  f"--release` or pass --transcrub PATH; --stats needs none)", file=sys.stderr)
            return 2
        figures["binary"] = str(binary)
        figures["unmapped"] = print_unmapped(entries)
        figures["modes"] = {}
        workdir = args.keep or Path(tempfile.mkdtemp(prefix="transcrub-repetitions-"))
        workdir.mkdir(parents=True, exist_ok=True)
        try:
            print(f"\n## transcrub clean on the labelled corpora ({binary})")
            for mode, flags in MODES:
                results = measure_mode(entries, binary, mode, flags, workdir)
                table = print_mode_table(mode, results, entries)
                if args.verbose:
                    print_verbose(mode, results, entries)
                figures["modes"][mode] = ({"status": results["status"]} if table is None else
                                          {"status": "ok", **table,
                                           "labels": outcome_json(results, entries)})
        finally:
            if args.keep is None:
                shutil.rmtree(workdir, ignore_errors=True)
    figures["labels"] = print_stats(corpora, labels)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
