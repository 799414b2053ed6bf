"""Shared by the Python tests: the repository's fixtures, and the command
line to compare the module with.

The reference command is $TRANSCRUB_BIN (scripts/test sets it to the
cargo-built binary), else the `transcrub` command on PATH (the wheel's).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ROOT / "fixtures" / "formats"
FORMATS_DICT = FORMATS / "formats.toml"
SEED = ROOT / "fixtures" / "mci-2025-02-07.txt"
SEED_DICT = ROOT / "dictionaries" / "messages-a-caractere-informatique.toml"


def transcrub_bin() -> str:
    found = os.environ.get("TRANSCRUB_BIN") or shutil.which("transcrub")
    if not found:
        raise RuntimeError("no transcrub command: set TRANSCRUB_BIN or install the wheel")
    return found


def cli(*args, stdin=None, cwd=None) -> subprocess.CompletedProcess:
    """Runs the reference command; text in and out."""
    return subprocess.run(
        [transcrub_bin(), *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd or ROOT,
    )


def dumps(result) -> str:
    """A result as the module hands it to the engine."""
    return json.dumps(result, ensure_ascii=False)


def cli_clean(tmp_path: Path, text: str, name: str, *flags):
    """`transcrub clean` of `text` saved as `name`: (stdout, report lines)."""
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    report = tmp_path / "report.jsonl"
    done = cli("clean", src, "--report", report, *flags)
    assert done.returncode == 0, done.stderr
    changes = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    for change in changes:
        assert change.pop("path") == str(src)
    return done.stdout, changes


def without_cue(changes):
    """The module's changes with the fields the report has."""
    return [{k: v for k, v in c.items() if k != "cue"} for c in changes]


def seed_whisper_result(lines: int = 60) -> dict:
    """An openai-whisper `transcribe()` result made of the seed episode's
    first lines, one segment each, with Whisper's keys and a hallucinated
    credit over trailing silence at the end."""
    text = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()][:lines]
    segments = [
        {
            "id": i,
            "seek": i * 400,
            "start": i * 4.0,
            "end": i * 4.0 + 3.5,
            "text": " " + line,
            "tokens": [50364 + i, 400 + i],
            "temperature": 0.0,
            "avg_logprob": -0.21,
            "compression_ratio": 1.31,
            "no_speech_prob": 0.012,
        }
        for i, line in enumerate(text)
    ]
    n = len(segments)
    segments.append(
        {
            "id": n,
            "seek": n * 400,
            "start": n * 4.0 + 5.0,
            "end": n * 4.0 + 8.0,
            "text": " Sous-titrage Société Radio-Canada",
            "tokens": [50364],
            "temperature": 0.0,
            "avg_logprob": -0.2,
            "compression_ratio": 1.3,
            "no_speech_prob": 0.7,
        }
    )
    return {"text": "".join(s["text"] for s in segments), "segments": segments, "language": "fr"}


@pytest.fixture(scope="session")
def formats_cleaner():
    import transcrub

    return transcrub.Cleaner([FORMATS_DICT])


@pytest.fixture(scope="session")
def seed_cleaner():
    import transcrub

    return transcrub.Cleaner([SEED_DICT])


def cli_jsonl(result: dict, *flags):
    """`transcrub clean --jsonl` of one record with the result's segments:
    (the cleaned document, its changes)."""
    record = json.dumps({"id": 1, **result}, ensure_ascii=False)
    done = cli("clean", "--jsonl", "--quiet", *flags, stdin=record + "\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1, done.stdout
    out = json.loads(lines[0])
    assert out.pop("id") == 1 and "error" not in out, out
    changes = out.pop("changes")
    out.pop("warnings")
    return out, changes


def same_facts(changes):
    """What a change says whatever the layout it was found in."""
    return [(c["rule"], c["before"], c["after"]) for c in changes]
