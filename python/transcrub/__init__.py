"""Clean speech-recognition transcripts in Python: the engine of the
``transcrub`` command, on the objects openai-whisper, faster-whisper,
WhisperX, Hugging Face ``transformers`` and the OpenAI SDK return.

>>> import transcrub
>>> cleaner = transcrub.Cleaner(["dictionaries/messages-a-caractere-informatique.toml"])
>>> cleaned = cleaner.clean(whisper_model.transcribe("episode.mp3"))  # doctest: +SKIP
>>> cleaned.result["text"], cleaned.changes[0]["after"]               # doctest: +SKIP

A result crosses to the engine as the JSON its tool writes (``json.dumps``)
and comes back the same way, so what the module returns is exactly what
``transcrub clean result.json`` writes for the same result.
"""

from __future__ import annotations

import dataclasses
import json
import os
from typing import Any, Iterable, List, NamedTuple, Optional, Sequence, Union

from transcrub._transcrub import Engine as _Engine
from transcrub._transcrub import TranscrubError

__all__ = ["Cleaner", "Cleaned", "TranscrubError", "main"]

#: A dictionary: a path (``str`` or ``os.PathLike``) to a TOML file, or the
#: TOML text itself (a ``str`` holding a newline or ``=``).
DictionarySource = Union[str, "os.PathLike[str]"]


class Cleaned(NamedTuple):
    """What :meth:`Cleaner.clean` returns: the input's shape, cleaned, and
    the changes made. Unpacks as ``result, changes = cleaner.clean(...)``.

    Each change is a dict. For a recogniser's result (:meth:`Cleaner.clean`)
    it has the fields ``transcrub clean --jsonl`` gives for a record with
    segments: ``rule`` ("dictionary", "artifact", "loop", ...), ``segment``
    (the 0-based index in the input's segments where the change begins),
    ``before``, ``after``, ``term`` (dictionary changes), ``score`` (fuzzy
    matches) and ``evidence`` (removals). For a transcript's text
    (:meth:`Cleaner.clean_text`) it has the fields of ``transcrub clean
    --report``: ``line`` and ``column`` (1-based, in the text) instead of
    ``segment``, and ``cue``, the 0-based index of the cue (or line of plain
    text) where the change begins.
    """

    result: Any
    changes: List[dict]


class Cleaner:
    """Dictionaries and options, compiled once; clean as many results as
    you like with it, from several threads too (the engine releases the
    GIL while it works).

    :param dictionaries: TOML dictionaries merged in order, each a path or
        its text (see ``dictionaries/`` and the README's "Dictionaries").
    :param lang: the transcripts' language ("fr", "en"); else the
        dictionaries' ``language``. It picks the hallucination lists and,
        with ``fuzzy``, the Hunspell lexicon.
    :param fuzzy: also correct names nobody listed that sound like a
        dictionary's (``--fuzzy``).
    :param fuzzy_threshold: the score from which a fuzzy match is applied
        (``--fuzzy-threshold``, 0 to 1).
    :param lexicon: a Hunspell ``.dic`` path for fuzzy matching
        (``--lexicon``); else the system's dictionary for ``lang``.
    :param keep_artifacts: keep hallucinated credits and loops
        (``--keep-artifacts``).
    :raises TranscrubError: a dictionary does not load; ``file``, ``line``
        and ``column`` say where.
    """

    def __init__(
        self,
        dictionaries: Sequence[DictionarySource] = (),
        lang: Optional[str] = None,
        fuzzy: bool = False,
        *,
        fuzzy_threshold: Optional[float] = None,
        lexicon: Optional[DictionarySource] = None,
        keep_artifacts: bool = False,
    ) -> None:
        if isinstance(dictionaries, (str, os.PathLike)):
            dictionaries = [dictionaries]
        sources = [_dictionary_source(d) for d in dictionaries]
        self._engine = _Engine(
            sources,
            lang=lang,
            fuzzy=fuzzy,
            fuzzy_threshold=fuzzy_threshold,
            lexicon=os.fspath(lexicon) if lexicon is not None else None,
            keep_artifacts=keep_artifacts,
        )

    @property
    def language(self) -> Optional[str]:
        """The language given, else the dictionaries'; None if neither says."""
        return self._engine.language

    def clean(self, result: Any) -> Cleaned:
        """Cleans a recogniser's result and returns it in the same shape.

        ``result`` is one of:

        - openai-whisper's ``model.transcribe(...)`` dict (``text``,
          ``segments``, ``language``): a dict comes back, with ``text``
          rebuilt from the cleaned segments and each word list following
          its segment;
        - WhisperX's aligned (and diarized) result (``segments`` with
          ``words`` and ``speaker``, ``word_segments``): a dict comes back;
        - faster-whisper's segments (the generator or list
          ``model.transcribe(...)`` returns first, of ``Segment`` objects
          with ``Word`` objects), or a list of segment dicts: a list of the
          same kind of objects comes back;
        - Hugging Face ``transformers``' speech pipeline's dict (``text``,
          ``chunks`` of ``text`` and a ``timestamp`` tuple), segments or
          one word a chunk: a dict comes back, its timestamps tuples, a
          change's ``segment`` the index of its chunk;
        - OpenAI's ``client.audio.transcriptions.create(...,
          response_format="verbose_json")`` (a pydantic model, with
          ``segments`` and ``words``, or the words alone): the same model
          comes back, its words following their segments' corrections.

        Removed segments (hallucinated credits, loops) are left out of
        what comes back; every other field is kept as it was.

        :raises TranscrubError: the result is not one transcrub reads.
        """
        if isinstance(result, (str, bytes)):
            raise TypeError(
                "expected a recogniser's result (a dict or a list of segments), "
                "found text: use Cleaner.clean_text for a transcript's text"
            )
        model = type(result) if hasattr(result, "model_validate") else None
        if isinstance(result, dict) or model is not None:
            text, first, count = _document(_plain(result))
            out, changes = self._engine.clean(text, "json")
            cleaned = _like_tuples(result, json.loads(out))
            if model is not None:
                cleaned = model.model_validate(cleaned)
            return Cleaned(cleaned, _by_segment(json.loads(changes), first, count))
        segments = list(result)
        text, first, count = _document([_plain(s) for s in segments])
        out, changes = self._engine.clean(text, "json")
        return Cleaned(_like(segments, json.loads(out)), _by_segment(json.loads(changes), first, count))

    def clean_text(self, text: str, format: Optional[str] = None) -> Cleaned:
        """Cleans a transcript's text: ``format`` is what ``--from`` takes
        ("txt", "srt", "vtt", "json", "tsv", ...), else it is found from the
        text. Returns the cleaned text in the same format and the changes,
        as ``transcrub clean --from FORMAT`` would."""
        out, changes = self._engine.clean(text, format)
        return Cleaned(out, json.loads(changes))

    def subtitles(
        self,
        result: Any,
        preset: Optional[str] = None,
        format: str = "srt",
    ) -> str:
        """Subtitles of a result (or of a transcript's text), cleaned
        first, within the limits of ``preset`` ("netflix-fr", "netflix-en",
        "bbc", "youtube", "netflix-ja", "netflix-zh"; by default the
        language's: netflix-ja for Japanese, netflix-zh for Chinese,
        netflix-fr otherwise), as SRT or WebVTT (``format`` "srt" or
        "vtt"): what ``transcrub subtitles --preset PRESET --format
        FORMAT`` writes.

        :raises TranscrubError: unknown preset or format, unreadable input.
        """
        text, source_format = _as_text(result)
        return self._engine.subtitles(text, source_format, preset=preset, to=format)

    def lint(
        self,
        source: Any,
        *,
        format: Optional[str] = None,
        path: Optional[str] = None,
        preset: Optional[str] = None,
    ) -> List[dict]:
        """Findings, as ``transcrub lint --output-format json`` gives them:
        dicts with ``path``, ``line``, ``column``, ``end_line``,
        ``end_column``, ``code`` ("TR001"), ``name``, ``severity``,
        ``message`` and ``fix`` (None, or ``replacement`` and
        ``applicability``), in position order.

        ``source`` is a file (``os.PathLike``, or ``bytes`` of one), a
        transcript's text (``str``), or a recogniser's result (linted as its
        JSON). ``path`` names it in the findings and, by its extension,
        picks the format unless ``format`` is given. A file that does not
        parse gives a TR2xx finding, as the command does. ``preset`` sets
        the subtitle limits, by default the language's (netflix-ja for
        Japanese, netflix-zh for Chinese, netflix-fr otherwise), as
        ``transcrub lint --preset`` does.
        """
        if isinstance(source, os.PathLike):
            name = path if path is not None else os.fspath(source)
            with open(source, "rb") as f:
                data = f.read()
        elif isinstance(source, bytes):
            name, data = path or "<bytes>", source
        elif isinstance(source, str):
            name, data = path or "<text>", source.encode("utf-8")
        else:
            text, json_format = _as_text(source)
            name, data = path or "<result>", text.encode("utf-8")
            format = format or json_format
        return json.loads(self._engine.lint(data, name, format=format, preset=preset))


def main() -> None:
    """The ``transcrub`` command: the same program as the cargo binary."""
    import sys

    from transcrub._transcrub import run

    sys.exit(run(["transcrub", *sys.argv[1:]]))


def _dictionary_source(source: DictionarySource):
    """(is_path, value): a str holding a newline or ``=`` is TOML text;
    anything else is a path."""
    if isinstance(source, os.PathLike):
        return (True, os.fspath(source))
    if isinstance(source, str):
        is_text = "\n" in source or "=" in source
        return (not is_text, source)
    raise TypeError(f"expected a dictionary path or TOML text, found {type(source).__name__}")


def _as_text(result: Any):
    """A result as (text, format for the engine)."""
    if isinstance(result, str):
        return result, None
    if isinstance(result, dict) or hasattr(result, "model_dump"):
        return _dumps(_plain(result)), "json"
    return _dumps([_plain(s) for s in result]), "json"


def _document(value: Any):
    """A result as the JSON text the engine reads, laid out as
    ``transcrub clean --jsonl`` lays out a record (each segment on a line of
    its own, src/command/jsonl.rs), so that both give the same changes;
    with the line of the first segment and the number of segments."""
    compact = lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    if isinstance(value, list):
        segments, lines = value, ["["]
    else:
        # A transformers pipeline's chunks are its segments.
        listed = next((k for k in ("segments", "chunks") if isinstance(value.get(k), list)), None)
        if listed is None:
            return compact(value), 0, 0
        segments, lines = value[listed], ["{"]
        for n, (key, item) in enumerate(value.items()):
            head = compact(key) + ":"
            if key != listed:
                lines.append(head + compact(item) + ("," if n + 1 < len(value) else ""))
                continue
            lines.append(head + "[")
            first = len(lines) + 1
            lines.extend(compact(s) + ("," if i + 1 < len(segments) else "") for i, s in enumerate(segments))
            lines.append("]" + ("," if n + 1 < len(value) else ""))
        lines.append("}")
        return "\n".join(lines) + "\n", first, len(segments)
    lines.extend(compact(s) + ("," if i + 1 < len(segments) else "") for i, s in enumerate(segments))
    lines.append("]")
    return "\n".join(lines) + "\n", 2, len(segments)


def _by_segment(changes: List[dict], first: int, count: int) -> List[dict]:
    """Changes to a result as ``--jsonl`` gives them: the segment each
    begins in, instead of a line and column of JSON nobody saw."""
    out = []
    for change in changes:
        segment = change["line"] - first
        located = {"rule": change["rule"]}
        if 0 <= segment < count:
            located["segment"] = segment
        located.update(
            (k, v) for k, v in change.items() if k not in ("rule", "line", "column", "cue")
        )
        out.append(located)
    return out


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> Any:
    """What ``json`` cannot write by itself: NumPy scalars and arrays
    (WhisperX's times and scores)."""
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _plain(value: Any) -> Any:
    """A faster-whisper ``Segment`` or ``Word`` (a named tuple before
    faster-whisper 1.0, a dataclass since) or a pydantic model (the OpenAI
    SDK's answers) as a dict, recursively."""
    if hasattr(value, "model_dump") and not isinstance(value, type):
        return _plain(value.model_dump())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {k: _plain(v) for k, v in value._asdict().items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _like_tuples(original: Any, cleaned: Any) -> Any:
    """The cleaned dict with its chunks' ``timestamp`` pairs as tuples
    again, where the pipeline gave tuples (JSON has only lists)."""
    if not isinstance(original, dict) or not isinstance(cleaned, dict):
        return cleaned
    for key in ("chunks", "speakers"):
        given, items = original.get(key), cleaned.get(key)
        if not (isinstance(given, list) and given and isinstance(items, list)):
            continue
        if isinstance(given[0], dict) and isinstance(given[0].get("timestamp"), tuple):
            for item in items:
                if isinstance(item, dict) and isinstance(item.get("timestamp"), list):
                    item["timestamp"] = tuple(item["timestamp"])
    return cleaned


def _like(originals: List[Any], cleaned: List[dict]) -> List[Any]:
    """The cleaned segments as objects of the originals' kind."""
    if not originals or isinstance(originals[0], dict):
        return cleaned
    segment_type = type(originals[0])
    word_type = next(
        (type(w) for s in originals for w in (getattr(s, "words", None) or [])),
        None,
    )
    out = []
    for data in cleaned:
        if word_type is not None and data.get("words") is not None:
            data["words"] = [_build(word_type, w) for w in data["words"]]
        out.append(_build(segment_type, data))
    return out


def _build(kind: type, data: dict) -> Any:
    if dataclasses.is_dataclass(kind):
        names = [f.name for f in dataclasses.fields(kind) if f.init]
    else:
        names = list(kind._fields)
    return kind(**{name: data.get(name) for name in names})
