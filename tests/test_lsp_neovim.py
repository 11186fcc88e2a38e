"""`tonecheck lsp` in a real editor: Neovim (Debian's, headless) starts it, opens a Markdown buffer, gets the
diagnostics, asks for the code actions of one and applies the preferred quick fix with its own edit code.

Neovim turns the server's UTF-16 positions into byte columns itself, so an emoji before a finding checks the
conversion end to end. Debian's Neovim is 0.7, whose `vim.lsp.start_client` the 0.11 set-up in
docs/editors.md builds on. Like the browser tests it skips without `nvim` on a developer's machine and fails
in CI (.ci/run installs it).
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
local out = {}
local client_id = vim.lsp.start_client({
  name = "tonecheck",
  cmd = { TONECHECK, "lsp" },
  root_dir = ROOT,
  init_options = { debounceMs = 50 },
})
vim.cmd("edit " .. ROOT .. "/draft.md")
vim.lsp.buf_attach_client(0, client_id)
out.filetype = vim.bo.filetype
vim.wait(120000, function() return #vim.diagnostic.get(0) > 0 end, 100)
out.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out.diagnostics, { lnum = d.lnum, col = d.col, end_col = d.end_col, code = d.user_data.lsp.code,
    source = d.source, severity = d.severity })
end
local first = vim.diagnostic.get(0)[1]
vim.api.nvim_win_set_cursor(0, { first.lnum + 1, first.col })
local params = vim.lsp.util.make_range_params()
params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(0, first.lnum) }
local answers = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 60000) or {}
out.titles = {}
for _, answer in pairs(answers) do
  for _, action in ipairs(answer.result or {}) do
    table.insert(out.titles, action.title)
    if action.isPreferred and not out.applied then
      vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
      out.applied = action.title
    end
  end
end
out.text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
vim.fn.writefile({ vim.fn.json_encode(out) }, ROOT .. "/out.json")
vim.lsp.stop_client(client_id)
vim.cmd("qa!")
"""


def test_neovim_shows_diagnostics_and_applies_a_quick_fix(tmp_path: Path) -> None:
    nvim = shutil.which("nvim")
    if nvim is None:
        if os.environ.get("CI"):
            pytest.fail("nvim is not installed; .ci/run installs Debian's neovim")
        pytest.skip("nvim is not installed (apt-get install neovim)")
    text = "Notes for Sam.\n\n```\nCall me ASAP.\n```\n\nHi 😀 there. Call me ASAP.\n"
    (tmp_path / "draft.md").write_text(text, encoding="utf-8")
    script = tmp_path / "test.lua"
    script.write_text(f"local TONECHECK = {json.dumps(TONECHECK)}\nlocal ROOT = {json.dumps(str(tmp_path))}\n" + SCRIPT)
    run = subprocess.run(
        [nvim, "--headless", "-u", "NONE", "-i", "NONE", "-c", "filetype on", "-c", f"luafile {script}"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert (tmp_path / "out.json").exists(), run.stdout + run.stderr
    out = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert out["filetype"] == "markdown"
    # Only the last line is flagged (the code block is skipped); Neovim's columns are bytes: the emoji is 4.
    line = "Hi 😀 there. Call me ASAP."
    by_code = {d["code"]: d for d in out["diagnostics"]}
    assert {d["lnum"] for d in out["diagnostics"]} == {6}
    call = by_code["PR01"]
    start = len(line[: line.index("Call me")].encode())
    assert (call["col"], call["end_col"]) == (start, start + len("Call me"))
    assert call["source"] == "tonecheck"
    assert any(title.startswith("Ignore PR01") for title in out["titles"]), out
    assert out["applied"].startswith("PR01")
    assert out["text"].endswith("\nHi 😀 there. I'd love to hear from you when you're ready.")
