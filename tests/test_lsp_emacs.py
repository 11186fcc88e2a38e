"""`tonecheck lsp` in a real editor: Emacs (Debian's emacs-nox 28, batch mode) with eglot (Debian's elpa-eglot;
built into Emacs from 29) starts it as docs/editors.md configures it, opens a text buffer and gets the
diagnostics through flymake.

eglot converts the server's UTF-16 positions into buffer positions (code points) itself, so an emoji before
a finding checks the conversion end to end. Like the Neovim test it skips without Emacs and eglot on a
developer's machine and fails in CI (.ci/run installs them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TONECHECK = str(Path(sys.executable).with_name("tonecheck"))
SCRIPT = r"""
(require 'eglot)
(require 'json)
;; As docs/editors.md has it, for the mode of this buffer.
(add-to-list 'eglot-server-programs (cons '(text-mode) (list (getenv "TONECHECK") "lsp")))
(find-file (expand-file-name "draft.txt" (getenv "ROOT")))
(text-mode)
(apply #'eglot (eglot--guess-contact))
(let ((deadline (+ (float-time) 120)))
  (while (and (null (flymake-diagnostics)) (< (float-time) deadline))
    (accept-process-output nil 0.1)))
(let ((found (mapcar (lambda (d)
                       (list (cons "start" (1- (flymake-diagnostic-beg d)))
                             (cons "end" (1- (flymake-diagnostic-end d)))
                             (cons "message" (flymake-diagnostic-text d))))
                     (flymake-diagnostics))))
  (with-temp-file (expand-file-name "out.json" (getenv "ROOT"))
    (insert (json-encode (vconcat found)))))
(eglot-shutdown (eglot-current-server))
(kill-emacs 0)
"""


def test_emacs_eglot_shows_diagnostics_on_the_flagged_words(tmp_path: Path) -> None:
    emacs = shutil.which("emacs")
    probe = "(kill-emacs (if (require 'eglot nil t) 0 1))"
    if emacs is None or subprocess.run([emacs, "--batch", "-q", "--eval", probe], capture_output=True).returncode:
        if os.environ.get("CI"):
            pytest.fail("emacs or eglot is not installed; .ci/run installs Debian's emacs-nox and elpa-eglot")
        pytest.skip("emacs with eglot is not installed (apt-get install emacs-nox elpa-eglot)")
    text = "Notes for Sam.\n\nHi 😀 there. Call me ASAP.\n"
    (tmp_path / "draft.txt").write_text(text, encoding="utf-8")
    (tmp_path / "test.el").write_text(SCRIPT, encoding="utf-8")
    run = subprocess.run(
        [emacs, "--batch", "-q", "-l", str(tmp_path / "test.el")],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "ROOT": str(tmp_path), "TONECHECK": TONECHECK},
    )
    assert (tmp_path / "out.json").exists(), run.stdout + run.stderr
    found = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    # Emacs positions count code points: the emoji is one, where the protocol's UTF-16 counts two.
    words = {text[d["start"] : d["end"]]: d["message"] for d in found}
    assert set(words) == {"Call me", "ASAP"}, found
    assert words["Call me"].startswith("tonecheck [PR01]")
    assert words["ASAP"].startswith("tonecheck [PR02]")
