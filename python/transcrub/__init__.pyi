"""Types of the transcrub package (see ``__init__.py`` for the docs)."""

import os
from typing import Any, Iterable, List, NamedTuple, Optional, Sequence, TypedDict, Union

DictionarySource = Union[str, os.PathLike[str]]

class TranscrubError(ValueError):
    """An input, dictionary or option transcrub cannot use."""

    file: Optional[str]
    """The file it is in, when it is about one (a dictionary path, or
    ``<dictionary N>`` for the N-th dictionary given as text)."""
    line: Optional[int]
    """1-based line, when known."""
    column: Optional[int]
    """1-based column in characters, when known."""
    message: str
    """The message without the position."""

class Change(TypedDict, total=False):
    rule: str
    line: int
    column: int
    before: str
    after: str
    term: str
    score: int
    evidence: str
    cue: Optional[int]

class LintFix(TypedDict):
    replacement: str
    applicability: str

class Finding(TypedDict):
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    severity: str
    message: str
    fix: Optional[LintFix]

class Cleaned(NamedTuple):
    result: Any
    changes: List[Change]

class Cleaner:
    def __init__(
        self,
        dictionaries: Sequence[DictionarySource] = ...,
        lang: Optional[str] = ...,
        fuzzy: bool = ...,
        *,
        fuzzy_threshold: Optional[float] = ...,
        lexicon: Optional[DictionarySource] = ...,
        keep_artifacts: bool = ...,
    ) -> None: ...
    @property
    def language(self) -> Optional[str]: ...
    def clean(self, result: Union[dict, Iterable[Any]]) -> Cleaned: ...
    def clean_text(self, text: str, format: Optional[str] = ...) -> Cleaned: ...
    def subtitles(
        self,
        result: Union[str, dict, Iterable[Any]],
        preset: Optional[str] = ...,
        format: str = ...,
    ) -> str: ...
    def lint(
        self,
        source: Union[str, bytes, os.PathLike[str], dict, Iterable[Any]],
        *,
        format: Optional[str] = ...,
        path: Optional[str] = ...,
        preset: Optional[str] = ...,
    ) -> List[Finding]: ...

def main() -> None: ...
