"""Cleaner.subtitles and Cleaner.lint against `transcrub subtitles` and
`transcrub lint`; errors as TranscrubError with their positions; the
wheel's `transcrub` command against the cargo binary."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import transcrub
from conftest import FORMATS, FORMATS_DICT, ROOT, SEED, SEED_DICT, cli, dumps, seed_whisper_result


@pytest.mark.parametrize("preset,fmt", [("netflix-fr", "srt"), ("youtube", "vtt")])
def test_subtitles_of_a_whisper_result_are_the_clis(seed_cleaner, tmp_path, preset, fmt):
    result = seed_whisper_result()
    subtitles = seed_cleaner.subtitles(result, preset=preset, format=fmt)
    src = tmp_path / "episode.json"
    src.write_text(dumps(result), encoding="utf-8")
    done = cli("subtitles", src, "-d", SEED_DICT, "--preset", preset, "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert subtitles == done.stdout
    assert "Horacio" in subtitles and "Aasio" not in subtitles
    assert "Radio-Canada" not in subtitles
    if fmt == "vtt":
        assert subtitles.startswith("WEBVTT")
    else:
        assert subtitles.startswith("1\n00:00:00,000 --> ")
        # netflix-fr: at most 42 characters a line, 2 lines a cue.
        for cue in subtitles.strip().split("\n\n"):
            lines = cue.split("\n")[2:]
            assert 1 <= len(lines) <= 2 and all(len(l) <= 42 for l in lines), cue


def test_subtitles_of_plain_text_with_times_made_up_like_the_cli(seed_cleaner):
    text = "\n".join(SEED.read_text(encoding="utf-8").splitlines()[:40]) + "\n"
    done = cli("subtitles", "-", "--from", "txt", "-d", SEED_DICT, stdin=text)
    assert done.returncode == 0, done.stderr
    assert seed_cleaner.subtitles(text) == done.stdout


def test_subtitles_refuse_an_unknown_preset(seed_cleaner):
    with pytest.raises(transcrub.TranscrubError, match="expected a preset"):
        seed_cleaner.subtitles(seed_whisper_result(3), preset="cinema")


def lint_cli(path, *flags):
    done = cli("lint", path, "--format", "json", *flags)
    assert done.returncode in (0, 1), done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.parametrize(
    "name", ["srt-clean.srt", "srt-windows-1252.srt", "srt-bad-arrow.srt", "whisper-openai-fr-words.json"]
)
def test_lint_of_a_file_gives_the_clis_findings(formats_cleaner, name):
    path = FORMATS / name
    found = formats_cleaner.lint(path, path=str(path.relative_to(ROOT)))
    assert found == lint_cli(path.relative_to(ROOT), "-d", FORMATS_DICT)
    assert found, "every one of these files has something to report"


def test_lint_findings_point_at_the_variant(formats_cleaner):
    srt = "1\n00:00:01,000 --> 00:00:03,000\nun cluster Cubernetes\n"
    found = formats_cleaner.lint(srt, path="ep.srt")
    tr001 = [f for f in found if f["code"] == "TR001"]
    assert [(f["line"], f["column"], f["end_column"]) for f in tr001] == [(3, 12, 22)]
    assert tr001[0]["fix"] == {"replacement": "Kubernetes", "applicability": "safe"}
    assert tr001[0]["path"] == "ep.srt"


def test_lint_of_the_seed_episode(seed_cleaner):
    found = seed_cleaner.lint(SEED, path="fixtures/mci-2025-02-07.txt")
    assert found == lint_cli("fixtures/mci-2025-02-07.txt", "-d", SEED_DICT)
    assert len([f for f in found if f["code"] == "TR001"]) == 119


def test_lint_takes_the_languages_preset_as_the_cli_does(tmp_path):
    # 20 characters a line: over netflix-ja's 13, within netflix-fr's 42.
    srt = tmp_path / "ja.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:06,000\n今日は新しいモデルの話をします。\n", encoding="utf-8")
    found = transcrub.Cleaner(lang="ja").lint(srt, path=str(srt))
    assert found == lint_cli(srt, "--lang", "ja")
    assert any("13" in f["message"] for f in found), found
    assert transcrub.Cleaner(lang="ja").lint(srt, path=str(srt), preset="netflix-fr") == lint_cli(
        srt, "--lang", "ja", "--preset", "netflix-fr"
    )


def test_a_bad_dictionary_file_names_its_file_line_and_column(tmp_path):
    bad = tmp_path / "show.toml"
    bad.write_text('[[term]]\ncanonical = "Kubernetes"\nvariants = "Cubernetes"\n', encoding="utf-8")
    with pytest.raises(transcrub.TranscrubError) as caught:
        transcrub.Cleaner([bad])
    err = caught.value
    assert isinstance(err, ValueError)
    assert (err.file, err.line, err.column) == (str(bad), 3, 12)
    done = cli("clean", "-", "-d", bad, stdin="x\n")
    assert done.returncode == 2
    assert done.stderr == f"error: {err}\n"


def test_a_missing_dictionary_is_an_error_with_its_file():
    with pytest.raises(transcrub.TranscrubError) as caught:
        transcrub.Cleaner(["no/such/dictionary.toml"])
    assert caught.value.file == "no/such/dictionary.toml"
    assert caught.value.line is None


def test_a_truncated_whisper_json_is_an_error_at_its_place(formats_cleaner):
    path = FORMATS / "whisper-openai-bad-truncated.json"
    text = path.read_text(encoding="utf-8")
    with pytest.raises(transcrub.TranscrubError) as caught:
        formats_cleaner.clean_text(text, "json")
    err = caught.value
    assert err.file is None and err.line is not None and err.column is not None
    done = cli("clean", "--strict", path.relative_to(ROOT), "-d", FORMATS_DICT)
    assert done.returncode == 2
    assert done.stderr == f"error: {path.relative_to(ROOT)}:{err}\n"


def test_a_result_that_is_not_a_transcript_is_an_error(formats_cleaner):
    with pytest.raises(transcrub.TranscrubError):
        formats_cleaner.clean({"segments": "nope"})
    with pytest.raises(TypeError):
        formats_cleaner.clean("a transcript's text")


def wheel_command():
    """The wheel's `transcrub`, next to this Python."""
    here = Path(sys.executable).parent / "transcrub"
    found = str(here) if here.exists() else shutil.which("transcrub")
    assert found, "the wheel installs a transcrub command"
    return found


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["clean", "fixtures/mci-2025-02-07.txt", "-d", "dictionaries/messages-a-caractere-informatique.toml"],
        ["clean", "--check", "fixtures/mci-2025-02-07.txt", "-d", "dictionaries/messages-a-caractere-informatique.toml"],
        ["subtitles", "fixtures/formats/whisper-openai-fr-words.json", "-d", "fixtures/formats/formats.toml"],
        ["lint", "fixtures/formats/srt-bad-arrow.srt", "--format", "concise"],
        ["clean", "no-such-file.txt"],
        ["clean", "--no-such-flag"],
    ],
)
def test_the_wheels_command_is_the_cargo_binary(args):
    reference = os.environ.get("TRANSCRUB_BIN")
    if not reference:
        pytest.fail("set TRANSCRUB_BIN to the cargo-built binary to compare the wheel's command with")
    run = lambda program: subprocess.run([program, *args], capture_output=True, cwd=ROOT)
    wheel, cargo = run(wheel_command()), run(reference)
    assert (wheel.returncode, wheel.stdout, wheel.stderr) == (cargo.returncode, cargo.stdout, cargo.stderr)


def test_the_wheels_command_exit_codes():
    seed = ["fixtures/mci-2025-02-07.txt", "-d", "dictionaries/messages-a-caractere-informatique.toml"]
    run = lambda *args: subprocess.run([wheel_command(), *args], capture_output=True, cwd=ROOT)
    assert run("clean", *seed).returncode == 0
    assert run("clean", "--check", *seed).returncode == 1
    assert run("clean", "no-such-file.txt").returncode == 2
    done = run("clean", *seed)
    assert b"Horacio" in done.stdout and b"Aasio" not in done.stdout
    python_m = subprocess.run([sys.executable, "-m", "transcrub", "--version"], capture_output=True)
    assert python_m.returncode == 0 and python_m.stdout.startswith(b"transcrub ")


def test_the_module_allocates_with_the_binarys_allocator_and_options():
    # Read back from mimalloc itself, which prints its options when asked
    # to be verbose (tests/allocator.rs does the same for the binary): the
    # module's Rust code allocates with it, committing memory as used and
    # returning it after a millisecond (src/allocator.rs).
    verbose = dict(os.environ, MIMALLOC_VERBOSE="1")
    for command in ([wheel_command(), "--version"], [sys.executable, "-c", "import transcrub; transcrub.Cleaner()"]):
        done = subprocess.run(command, capture_output=True, env=verbose)
        assert done.returncode == 0, done.stderr
        assert b"mimalloc: process init" in done.stderr, command
        assert b"option 'arena_eager_commit': 0" in done.stderr, command
        assert b"option 'purge_delay': 1" in done.stderr, command
