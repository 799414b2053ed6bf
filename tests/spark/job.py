"""The Spark job of the README, two ways, and the transcripts it runs on.

- `clean_with_module`: `mapInPandas` over the `transcrub` module, one
  Cleaner per partition (the dictionary compiled once per task);
- `clean_with_pipe`: `rdd.pipe` through `transcrub clean --jsonl`, one
  process per partition.

Both take a DataFrame of (id, format, text) and give rows of
(id, text, changes, error), with `changes` and `error` as JSON text.
Used by tests/spark/test_spark.py and bench/spark.py.
"""

import json
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "mci-2025-02-07.txt"
SEED_DICT = ROOT / "dictionaries" / "messages-a-caractere-informatique.toml"

RESULT_SCHEMA = "id long, text string, changes string, error string"

# A Whisper result's record: its JSON in `text`, `format` "whisper".
WHISPER = "whisper"


def records(count):
    """`count` transcripts of a few KB from the seed episode: plain text,
    SRT, and openai-whisper results, each a different window of the
    episode, and every 50th a truncated Whisper JSON (an error)."""
    lines = [l for l in SEED.read_text(encoding="utf-8").splitlines() if l.strip()]
    out = []
    for i in range(count):
        window = [lines[(i * 7 + k) % len(lines)] for k in range(24)]
        kind = i % 3
        if i % 50 == 49:
            text = json.dumps(whisper_result(window), ensure_ascii=False)
            out.append((i, "json", text[: len(text) // 2]))
        elif kind == 0:
            out.append((i, "txt", "\n".join(window) + "\n"))
        elif kind == 1:
            out.append((i, "srt", srt(window)))
        else:
            out.append((i, WHISPER, json.dumps(whisper_result(window), ensure_ascii=False)))
    return out


def srt(lines):
    def ts(ms):
        return f"{ms // 3600000:02}:{ms // 60000 % 60:02}:{ms // 1000 % 60:02},{ms % 1000:03}"

    cues = [f"{n + 1}\n{ts(n * 4000)} --> {ts(n * 4000 + 3500)}\n{line}\n" for n, line in enumerate(lines)]
    return "\n".join(cues)


def whisper_result(lines):
    segments = [
        {"id": n, "seek": n * 400, "start": n * 4.0, "end": n * 4.0 + 3.5, "text": " " + line,
         "tokens": [50364 + n], "temperature": 0.0, "avg_logprob": -0.2,
         "compression_ratio": 1.3, "no_speech_prob": 0.01}
        for n, line in enumerate(lines)
    ]
    return {"text": "".join(s["text"] for s in segments), "segments": segments, "language": "fr"}


def jsonl_record(id, format, text):
    """A record of `transcrub clean --jsonl`'s input."""
    if format == WHISPER:
        return json.dumps({"id": id, **json.loads(text)}, ensure_ascii=False)
    return json.dumps({"id": id, "format": format, "text": text}, ensure_ascii=False)


def from_jsonl(line):
    """A `--jsonl` result line as (id, text, changes, error)."""
    out = json.loads(line)
    id = out.pop("id")
    if "error" in out:
        return (id, None, None, json.dumps(out["error"]))
    changes = out.pop("changes")
    out.pop("warnings", None)
    text = out["text"] if set(out) == {"text"} else json.dumps(out, ensure_ascii=False)
    return (id, text, json.dumps(changes, ensure_ascii=False), None)


def clean_with_module(df, dictionary_name):
    """mapInPandas over the module. `dictionary_name` is a file shipped
    with `SparkContext.addFile` (or `--files`), found with SparkFiles."""

    def clean_partition(batches):
        import pandas as pd
        from pyspark import SparkFiles

        import transcrub

        cleaner = transcrub.Cleaner([SparkFiles.get(dictionary_name)])
        for batch in batches:
            rows = [clean_one(cleaner, *row) for row in batch.itertuples(index=False)]
            yield pd.DataFrame(rows, columns=["id", "text", "changes", "error"])

    return df.mapInPandas(clean_partition, RESULT_SCHEMA)


def clean_one(cleaner, id, format, text):
    import transcrub

    try:
        if format == WHISPER:
            result, changes = cleaner.clean(json.loads(text))
            return (id, json.dumps(result, ensure_ascii=False), json.dumps(changes, ensure_ascii=False), None)
        cleaned, changes = cleaner.clean_text(text, format)
        changes = [{k: v for k, v in c.items() if k != "cue"} for c in changes]
        return (id, cleaned, json.dumps(changes, ensure_ascii=False), None)
    except transcrub.TranscrubError as e:
        return (id, None, None, json.dumps({"message": e.message, "line": e.line, "column": e.column}))


def clean_with_pipe(df, command, dictionary):
    """rdd.pipe through `transcrub clean --jsonl`, one process per
    partition: `command` is the transcrub program on the executors and
    `dictionary` a path that exists there (on YARN, a file shipped with
    `--files` is in each executor's working directory)."""
    lines = df.rdd.map(lambda row: jsonl_record(row.id, row.format, row.text))
    argv = f"{command} clean --jsonl --quiet -d {shlex.quote(str(dictionary))}"
    return lines.pipe(argv, checkCode=True).map(from_jsonl).toDF(RESULT_SCHEMA)
