"""Which words of an editor buffer are the writer's message, as the CLI reads the same kinds of file.

Markdown skips code blocks and block quotes; an email skips its header block, quoted replies, the reply
attribution and the signature; a git commit message skips git's ``#`` comment lines and everything below
the scissors line of ``git commit --verbose``, but keeps ``# tonecheck: ...`` comments so suppressions work
there (git strips them from the commit). Each ``Draft`` maps its offsets back into the buffer.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Literal
from urllib.parse import unquote, urlparse

from ..io.sources import Draft, _draft_from_lines, _markdown_draft, body_lines

DocumentKind = Literal["text", "markdown", "email", "git-commit"]

# Language ids editors send (VS Code, Neovim filetypes, Helix language names, Emacs modes via eglot).
LANGUAGE_KIND: dict[str, DocumentKind] = {
    "plaintext": "text",
    "text": "text",
    "txt": "text",
    "markdown": "markdown",
    "md": "markdown",
    "gfm": "markdown",
    "mail": "email",
    "message": "email",  # Emacs message-mode, via eglot
    "email": "email",
    "eml": "email",
    "git-commit": "git-commit",
    "gitcommit": "git-commit",
}
SUFFIX_KIND: dict[str, DocumentKind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".eml": "email",
}
COMMIT_FILES = {"COMMIT_EDITMSG", "MERGE_MSG", "TAG_EDITMSG", "SQUASH_MSG"}

_HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:")
_FIRST_HEADERS = re.compile(r"^(from|to|cc|bcc|subject|date|reply-to|message-id|in-reply-to):", re.IGNORECASE)
_SCISSORS = re.compile(r"^# -+ >8 -+$")


def kind_of(language_id: str | None, uri: str) -> DocumentKind | None:
    """The kind of a buffer by its language id, else its file name; None for a buffer tonecheck does not read
    (source code an editor sent by mistake)."""
    if language_id and language_id.lower() in LANGUAGE_KIND:
        return LANGUAGE_KIND[language_id.lower()]
    name = PurePosixPath(unquote(urlparse(uri).path)).name
    if name in COMMIT_FILES:
        return "git-commit"
    return SUFFIX_KIND.get(PurePosixPath(name).suffix.lower())


def draft_of(kind: DocumentKind, text: str) -> Draft:
    if kind == "markdown":
        return _markdown_draft(text)
    if kind == "email":
        return _email_draft(text)
    if kind == "git-commit":
        return _commit_draft(text)
    return Draft(text, segments=[(0, 0, len(text))])


def _email_draft(text: str) -> Draft:
    """A compose buffer: the body, after the header block when the buffer starts with one (mutt's
    ``edit_headers``), without quoted replies and the signature."""
    body_start = 0
    lines = text.split("\n")
    if lines and _FIRST_HEADERS.match(lines[0]):
        offset = 0
        for line in lines:
            offset += len(line) + 1
            if not line.strip():
                body_start = min(offset, len(text))
                break
            if not (_HEADER.match(line) or line[:1] in (" ", "\t")):
                break  # not a header block after all
    body = text[body_start:]
    return _draft_from_lines(body, body_lines(body), base=body_start)


def _commit_draft(text: str) -> Draft:
    keep: list[bool] = []
    below_scissors = False
    for line in text.split("\n"):
        below_scissors = below_scissors or bool(_SCISSORS.match(line.rstrip("\r")))
        comment = line.startswith("#") and "tonecheck:" not in line.lower()
        keep.append(not below_scissors and not comment)
    return _draft_from_lines(text, keep)
