"""Cleaner.clean on real-shaped recogniser results: the same output as
`transcrub clean` on the same JSON, the shape kept, changes positioned."""

import copy
import dataclasses
import json
from collections import namedtuple
from typing import List, Optional

import transcrub
from conftest import FORMATS, SEED, SEED_DICT, cli, cli_clean, cli_jsonl, dumps, same_facts, seed_whisper_result, without_cue


def load(name):
    return json.loads((FORMATS / name).read_text(encoding="utf-8"))


def test_openai_whisper_result_is_cleaned_like_the_cli(formats_cleaner, tmp_path):
    result = load("whisper-openai-fr-words.json")
    original = copy.deepcopy(result)
    cleaned, changes = formats_cleaner.clean(result)

    stdout, report = cli_clean(tmp_path, dumps(result), "result.json", "-d", FORMATS / "formats.toml")
    assert cleaned == json.loads(stdout)
    assert same_facts(changes) == same_facts(report)
    assert (cleaned, changes) == cli_jsonl(result, "-d", FORMATS / "formats.toml")
    assert result == original, "the input object is not modified"

    # The shape: same keys, same segments, words still follow their segment.
    assert list(cleaned) == list(result)
    assert len(cleaned["segments"]) == len(result["segments"])
    assert list(cleaned["segments"][4]) == list(result["segments"][4])
    assert "Cubernetes" in result["segments"][4]["text"]
    assert cleaned["segments"][4]["text"] == " Par l'infra. On avait un cluster Kubernetes qui tombait tous les vendredis."
    assert " Kubernetes" in [w["word"] for w in cleaned["segments"][4]["words"]]
    assert "Cubernetes" not in cleaned["text"] and "Kubernetes" in cleaned["text"]
    assert cleaned["language"] == "fr"

    # The changes: what, where (in the JSON handed over), which segment.
    assert [c["after"] for c in changes] == [
        "Kubernetes", "Elasticsearch", "Mistral AI", "Andrej Karpathy",
        "Andrej Karpathy", "PyTorch", "PyTorch", "Hugging Face",
    ]
    first = changes[0]
    assert first == {"rule": "dictionary", "segment": 4, "before": "Cubernetes", "after": "Kubernetes", "term": "Kubernetes"}
    for change in changes:
        assert change["before"].split("\n")[0] in result["segments"][change["segment"]]["text"], change
    # "Mistral | Ey Ay" is split over two segments: the change starts in the first.
    mistral = changes[2]
    assert mistral["before"] == "Mistral\n Ey Ay"
    assert result["segments"][mistral["segment"]]["text"].endswith(" Mistral")
    assert result["segments"][mistral["segment"] + 1]["text"].startswith(" Ey Ay")


def test_whisperx_aligned_diarized_result_keeps_speakers_and_word_segments(formats_cleaner, tmp_path):
    result = load("whisperx-fr-aligned-diarized.json")
    cleaned, changes = formats_cleaner.clean(result)

    stdout, report = cli_clean(tmp_path, dumps(result), "result.json", "-d", FORMATS / "formats.toml")
    assert cleaned == json.loads(stdout)
    assert same_facts(changes) == same_facts(report)
    assert (cleaned, changes) == cli_jsonl(result, "-d", FORMATS / "formats.toml")

    assert list(cleaned) == ["segments", "word_segments", "language"]
    assert [s.get("speaker") for s in cleaned["segments"]] == [s.get("speaker") for s in result["segments"]]
    words = [w["word"] for w in cleaned["word_segments"]]
    assert "Kubernetes" in words and "Cubernetes" not in words
    assert len(changes) == 8
    assert all(c["rule"] == "dictionary" for c in changes)


@dataclasses.dataclass
class Word:
    """faster-whisper >= 1.0's Word: a dataclass."""

    start: float
    end: float
    word: str
    probability: float


@dataclasses.dataclass
class Segment:
    """faster-whisper >= 1.0's Segment: a dataclass."""

    id: int
    seek: int
    start: float
    end: float
    text: str
    tokens: List[int]
    avg_logprob: float
    compression_ratio: float
    no_speech_prob: float
    words: Optional[List[Word]]
    temperature: Optional[float]


# faster-whisper before 1.0: named tuples.
OldWord = namedtuple("Word", ["start", "end", "word", "probability"])
OldSegment = namedtuple(
    "Segment",
    ["id", "seek", "start", "end", "text", "tokens", "temperature", "avg_logprob",
     "compression_ratio", "no_speech_prob", "words"],
)


def faster_whisper_segments(segment_type, word_type):
    fields = [f.name for f in dataclasses.fields(segment_type)] if dataclasses.is_dataclass(segment_type) else segment_type._fields
    out = []
    for s in load("faster-whisper-segments.json"):
        data = {k: s.get(k) for k in fields}
        data["words"] = [word_type(**w) for w in s["words"]] if s.get("words") else None
        out.append(segment_type(**data))
    return out


def check_faster_whisper(cleaner, tmp_path, segments, segment_type, word_type):
    original = copy.deepcopy(segments)
    # faster-whisper's transcribe() returns a generator: one pass only.
    cleaned, changes = cleaner.clean(s for s in segments)
    assert segments == original
    assert isinstance(cleaned, list) and len(cleaned) == len(segments)
    assert all(type(s) is segment_type for s in cleaned)
    assert all(type(w) is word_type for s in cleaned for w in s.words or [])

    as_dicts = [json.loads(json.dumps(dataclasses.asdict(s) if dataclasses.is_dataclass(s) else
                                      {**s._asdict(), "words": [w._asdict() for w in s.words or []] if s.words else s.words}))
                for s in segments]
    stdout, report = cli_clean(tmp_path, dumps(as_dicts), "segments.json", "-d", FORMATS / "formats.toml")
    expected = json.loads(stdout)
    got = [dataclasses.asdict(s) if dataclasses.is_dataclass(s) else
           {**s._asdict(), "words": [w._asdict() for w in s.words] if s.words else s.words}
           for s in cleaned]
    assert got == expected
    assert same_facts(changes) == same_facts(report)
    # The changes' segments: what --jsonl says for the same segments in a record.
    _, jsonl_changes = cli_jsonl({"segments": as_dicts}, "-d", FORMATS / "formats.toml")
    assert changes == jsonl_changes

    fixed = next(i for i, s in enumerate(segments) if "Cubernetes" in s.text)
    assert "Kubernetes" in cleaned[fixed].text
    assert cleaned[fixed].start == segments[fixed].start and cleaned[fixed].tokens == segments[fixed].tokens
    assert changes[0]["segment"] == fixed


def test_faster_whisper_dataclass_segments_come_back_as_segments(formats_cleaner, tmp_path):
    check_faster_whisper(formats_cleaner, tmp_path, faster_whisper_segments(Segment, Word), Segment, Word)


def test_faster_whisper_named_tuple_segments_come_back_as_named_tuples(formats_cleaner, tmp_path):
    check_faster_whisper(formats_cleaner, tmp_path, faster_whisper_segments(OldSegment, OldWord), OldSegment, OldWord)


def test_segment_dicts_come_back_as_dicts(formats_cleaner, tmp_path):
    segments = load("faster-whisper-segments.json")
    cleaned, changes = formats_cleaner.clean(segments)
    stdout, report = cli_clean(tmp_path, dumps(segments), "segments.json", "-d", FORMATS / "formats.toml")
    assert cleaned == json.loads(stdout)
    assert same_facts(changes) == same_facts(report) and changes


def test_seed_episode_as_a_whisper_result(seed_cleaner, tmp_path):
    result = seed_whisper_result()
    cleaned, changes = seed_cleaner.clean(result)
    stdout, report = cli_clean(tmp_path, dumps(result), "episode.json", "-d", SEED_DICT)
    assert cleaned == json.loads(stdout)
    assert same_facts(changes) == same_facts(report)
    assert (cleaned, changes) == cli_jsonl(result, "-d", SEED_DICT)

    # The hallucinated credit over the trailing silence is gone, with its segment.
    assert len(cleaned["segments"]) == len(result["segments"]) - 1
    assert "Radio-Canada" not in cleaned["text"]
    credit = [c for c in changes if c["rule"] == "artifact"]
    assert [(c["before"], c["segment"]) for c in credit] == [("Sous-titrage Société Radio-Canada", 60)]
    # The names the podcast's dictionary knows.
    fixes = {(c["before"], c["after"]) for c in changes if c["rule"] == "dictionary"}
    assert ("Aasio", "Horacio") in fixes
    assert "Horacio" in cleaned["segments"][10]["text"]
    assert [c["segment"] for c in changes if c["before"] == "Aasio"] == [10, 12]


def test_seed_episode_text_is_cleaned_like_the_cli(seed_cleaner, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    cleaned, changes = seed_cleaner.clean_text(text, "txt")
    stdout, report = cli_clean(tmp_path, text, "episode.txt", "-d", SEED_DICT)
    assert cleaned == stdout
    assert without_cue(changes) == report
    assert len([c for c in changes if c["rule"] == "dictionary"]) == 119
    # For text, a change's cue is its line.
    lines = text.split("\n")
    for change in changes:
        if change["rule"] == "dictionary":
            assert change["cue"] == change["line"] - 1
            assert lines[change["line"] - 1][change["column"] - 1 :].startswith(change["before"].split("\n")[0])


def test_fuzzy_and_language_options_match_the_cli_flags(tmp_path):
    cleaner = transcrub.Cleaner([SEED_DICT], lang="fr", fuzzy=True)
    assert cleaner.language == "fr"
    text = SEED.read_text(encoding="utf-8")
    cleaned, changes = cleaner.clean_text(text, "txt")
    stdout, report = cli_clean(tmp_path, text, "episode.txt", "-d", SEED_DICT, "--lang", "fr", "--fuzzy")
    assert cleaned == stdout
    assert without_cue(changes) == report
    assert any(c["rule"] in ("fuzzy", "fuzzy_suggestion") for c in changes)


def test_keep_artifacts(tmp_path):
    result = seed_whisper_result(5)
    cleaned, changes = transcrub.Cleaner([SEED_DICT], keep_artifacts=True).clean(result)
    assert "Radio-Canada" in cleaned["text"]
    assert not [c for c in changes if c["rule"] == "artifact"]


def test_a_dictionary_as_text_and_a_cleaner_without_one():
    toml = '[[term]]\ncanonical = "Kubernetes"\nvariants = ["Cubernetes"]\n'
    cleaned, changes = transcrub.Cleaner([toml]).clean_text("un cluster Cubernetes\n")
    assert cleaned == "un cluster Kubernetes\n"
    assert (changes[0]["line"], changes[0]["column"], changes[0]["cue"]) == (1, 12, 0)
    assert transcrub.Cleaner().clean_text("un cluster Cubernetes\n").result == "un cluster Cubernetes\n"


def test_numpy_scalars_in_a_whisperx_result_are_written_as_numbers():
    class Scalar:
        """Stands for a numpy.float32 (WhisperX's times): json cannot write
        it, but it has tolist(), as NumPy scalars and arrays do."""

        def __init__(self, value):
            self.value = value

        def tolist(self):
            return self.value

    result = load("whisperx-fr-aligned-diarized.json")
    result["segments"][0]["start"] = Scalar(0.506)
    cleaned, _ = transcrub.Cleaner([FORMATS / "formats.toml"]).clean(result)
    assert cleaned["segments"][0]["start"] == 0.506


def test_a_transformers_pipeline_result_comes_back_with_its_chunks(formats_cleaner, tmp_path):
    # What `pipeline("automatic-speech-recognition", ...)(audio,
    # return_timestamps=True)` returns: timestamps are tuples, the last end None.
    result = load("transformers-chunks-fr.json")
    for chunk in result["chunks"]:
        chunk["timestamp"] = tuple(chunk["timestamp"])
    cleaned, changes = formats_cleaner.clean(result)

    expected = load("transformers-chunks-fr.expected.json")
    for chunk in expected["chunks"]:
        chunk["timestamp"] = tuple(chunk["timestamp"])
    assert cleaned == expected
    assert [(c["rule"], c["segment"]) for c in changes] == [
        ("dictionary", 1),
        ("dictionary", 1),
        ("dictionary", 2),
        ("artifact", 4),
    ]
    assert result["chunks"][4]["timestamp"] == (10.1, None), "the input is not modified"


def test_an_openai_sdk_answer_comes_back_as_the_sdks_object(formats_cleaner):
    from openai.types.audio import TranscriptionVerbose

    answer = TranscriptionVerbose.model_validate(load("openai-api-verbose-fr.json"))
    cleaned, changes = formats_cleaner.clean(answer)

    assert type(cleaned) is TranscriptionVerbose
    expected = load("openai-api-verbose-fr.expected.json")
    assert [s.text for s in cleaned.segments] == [s["text"] for s in expected["segments"]]
    assert [w.word for w in cleaned.words] == [w["word"] for w in expected["words"]]
    assert cleaned.text == expected["text"]
    assert [c["after"] for c in changes] == [
        "Hugging Face",
        "Elasticsearch",
        "PyTorch",
        "Mistral AI",
        "Kubernetes",
        "",
    ]
    assert changes[-1]["segment"] == 4


def test_subtitles_of_an_openai_sdk_answer_with_words_alone(formats_cleaner):
    from openai.types.audio import TranscriptionVerbose

    # timestamp_granularities=["word"]: the SDK's object has no segments.
    answer = TranscriptionVerbose.model_validate(load("openai-api-verbose-words-fr.json"))
    assert answer.segments is None
    srt = formats_cleaner.subtitles(answer, format="srt")
    assert srt.startswith("1\n00:00:00,000 --> ")
    assert "PyTorch" in srt and " --> 00:00:08,120\n" in srt
