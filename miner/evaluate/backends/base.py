"""What every backend takes and returns."""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Iterator, Sequence


class BackendError(RuntimeError):
    """The model server refused or kept failing, or the model could not be loaded: one clear line for the user."""


@dataclass(frozen=True)
class Request:
    """One row to generate: sample `sample` of prompt `prompt_id`, with its own seed."""

    prompt_id: str
    lang: str
    sample: int
    prompt: str
    seed: int


@dataclass(frozen=True)
class Completion:
    request: Request
    text: str
    finish_reason: str


class Backend(ABC):
    name = "abstract"

    @abstractmethod
    def generate(self, requests: Sequence[Request]) -> Iterator[Completion]:
        """Yield one completion per request, in any order; raise BackendError when the backend gives up
        (completions yielded before that are valid and are kept by the caller)."""

    def close(self) -> None:
        """Release threads, sockets or models."""
