"""Broken and hostile rule files: each gives one clear error (file, rule id, field, line), all at once, and none
executes anything, hangs, or exhausts memory. See docs/robustness.md."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from deadline import DEADLINE_S, in_a_child_process
from rule_samples import GOOD, errors_for, write
from tonecheck import Checker, RuleLoadError, load_rules
from tonecheck.engine.guards.regex import regex_problem
from tonecheck.engine.matcher import RuleMatcher
from tonecheck.loader import MAX_RULE_FILE_BYTES
from tonecheck.ruleset.yamlread import MAX_YAML_DEPTH


def with_regex(regex: str, rule_id: str = "BL90") -> str:
    return GOOD.replace("BL90", rule_id).replace("{LOWER: never}", "{LOWER: never, TEXT: {REGEX: " + regex + "}}")


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n\n", b"- id: BL90\n- id: BL91\n", b"just a sentence\n", b"---\n...\n", b"~\n"],
    ids=["empty", "blank", "list", "scalar", "empty-document", "null"],
)
def test_a_file_that_is_not_one_mapping_is_an_error(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "BL90_x.yml").write_bytes(content)
    [error] = errors_for(tmp_path)
    assert "BL90_x.yml" in error and "must hold one mapping" in error


@pytest.mark.parametrize(
    "content",
    [
        GOOD.replace("why: Because.", "why: Caf\xe9.").encode("latin-1"),
        "\ufeff".encode("utf-16") + GOOD.encode("utf-16"),
    ],
    ids=["latin-1", "utf-16"],
)
def test_a_file_that_is_not_utf8_is_an_error(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "BL90_x.yml").write_bytes(content)
    [error] = errors_for(tmp_path)
    assert "cannot read file" in error and "utf-8" in error


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "BL90_x.yml"
    with path.open("w") as out:
        out.write(GOOD + "# " + "x" * (MAX_RULE_FILE_BYTES + 10) + "\n")
    [error] = errors_for(tmp_path)
    assert "more than the 1,000,000" in error


def test_deeply_nested_yaml_is_refused_without_a_recursion_error(tmp_path: Path) -> None:
    write(tmp_path, "BL90_x.yml", GOOD + "extra: " + "[" * 50_000 + "]" * 50_000 + "\n")
    [error] = errors_for(tmp_path)
    assert f"nested more than {MAX_YAML_DEPTH} levels" in error and ":15:" in error


def test_a_billion_laughs_alias_bomb_is_refused_in_little_time_and_memory(tmp_path: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):  # 9**10 strings when expanded
        previous, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    write(tmp_path, "BL90_x.yml", "\n".join(lines) + "\n")
    # Expanded, this is 3.5 billion strings: without the check the load never finishes.
    [error] = errors_for(tmp_path)
    assert "aliases expand to more than 100,000 nodes" in error and ":6:" in error


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "BL90_x.yml", GOOD + "extra: &loop [1, *loop]\n")
    [error] = errors_for(tmp_path)
    assert "*loop refers to a value that contains it" in error


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    text = GOOD.replace("[{LOWER: you}, {LOWER: never}]", "[{LOWER: &you you}, {LOWER: never}]")
    text = text.replace('ok: ["hello"]', 'ok: ["hello", *you]')
    write(tmp_path, "blaming/BL90_x.yml", text)
    [rule] = load_rules([tmp_path])
    assert rule.examples.ok == ["hello", "you"]


@pytest.mark.parametrize(
    ("regex", "problem"),
    [
        ("(a)\\\\1", "cannot run on RE2"),  # a backreference needs backtracking
        ("(?=.*x)\\\\w+", "cannot run on RE2"),  # so does a lookaround
        ("\\\\bnever", "anchor it with ^ and $"),
        ("[\\\\W]", "inside a character class"),
        ("(unclosed", "cannot run on RE2"),
        ("a" * 201, "longer than 200"),
    ],
)
def test_regexes_re2_cannot_run_are_refused_at_load_time(tmp_path: Path, regex: str, problem: str) -> None:
    write(
        tmp_path, "blaming/BL90_x.yml", GOOD.replace("{LOWER: never}", '{LOWER: never, TEXT: {REGEX: "' + regex + '"}}')
    )
    [error] = errors_for(tmp_path)
    assert "BL90_x.yml:9: BL90: patterns.0" in error and problem in error


def test_a_regex_in_a_dependency_pattern_is_checked_too(tmp_path: Path) -> None:
    bad = GOOD.replace(
        "  - kind: token\n    pattern: [{LOWER: you}, {LOWER: never}]\n",
        "  - kind: dependency\n    pattern:\n      - {RIGHT_ID: verb, RIGHT_ATTRS: {TEXT: {REGEX: '^(x)\\1$'}}}\n",
    )
    write(tmp_path, "blaming/BL90_x.yml", bad)
    [error] = errors_for(tmp_path)
    assert "cannot run on RE2" in error


def test_a_regex_on_a_number_attribute_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "blaming/BL90_x.yml", GOOD.replace("{LOWER: never}", "{LENGTH: {REGEX: '5'}}"))
    [error] = errors_for(tmp_path)
    assert "not a text attribute" in error


def test_the_shipped_regexes_run_on_re2() -> None:
    assert regex_problem("^[A-Z]{2,}$") is None
    assert regex_problem("^(\\?{2,}|[!?]{3,})$") is None
    assert regex_problem("^\\d{1,2}(:\\d\\d)?([ap]m)?$") is None  # PR04's own
    assert regex_problem("^[a-z]+[^e]ed$") is None


# Patterns that backtrack exponentially in Python's `re`: each takes minutes, or for ever, on one of these words
# (the first three came in under a lowercase key or passed the first guard). On RE2 they are linear.
CATASTROPHIC = [
    ('{LOWER: {regex: "^(a+)+$"}}', "a" * 40, "a" * 40 + "b"),
    ('{TEXT: {REGEX: "(?:\\\\w?){20}x$"}}', "abcx", "a" * 300),
    ('{TEXT: {REGEX: "(?:a?){25}a{25}$"}}', "a" * 30, "a" * 60 + "b"),
    ('{TEXT: {REGEX: "^(a|aa)+$"}}', "a" * 40, "a" * 40 + "b"),
    ('{LOWER: {REGEX: "^(a+\\\\s?)*$"}}', "aaa", "a" * 40 + "§"),
]


@pytest.mark.parametrize(("spec", "hit", "miss"), CATASTROPHIC)
def test_a_catastrophic_regex_loads_and_runs_in_linear_time(
    tmp_path: Path, checker: Checker, spec: str, hit: str, miss: str
) -> None:
    write(tmp_path, "blaming/BL90_x.yml", GOOD.replace("[{LOWER: you}, {LOWER: never}]", f"[{spec}]"))

    def matches() -> list[str]:
        matcher = RuleMatcher(checker.nlp.vocab, load_rules([tmp_path]), checker.nlp.make_doc)
        doc = checker.nlp(f"{miss} then {hit} and {miss}")
        return [doc[m.start : m.end].text for m in matcher(doc)]

    assert in_a_child_process(matches, DEADLINE_S) == [hit]


def test_a_regex_keeps_pythons_unicode_classes(tmp_path: Path, checker: Checker) -> None:
    spec = "[{TEXT: {REGEX: '^\\w+é$'}}]"
    write(tmp_path, "blaming/BL90_x.yml", GOOD.replace("[{LOWER: you}, {LOWER: never}]", spec))
    matcher = RuleMatcher(checker.nlp.vocab, load_rules([tmp_path]), checker.nlp.make_doc)
    doc = checker.nlp("Un café noir, ñandué.")
    assert [doc[m.start : m.end].text for m in matcher(doc)] == ["café", "ñandué"]


def test_a_link_loop_among_rule_files_is_reported_not_skipped(tmp_path: Path) -> None:
    write(tmp_path, "blaming/BL90_x.yml", GOOD)
    loop = tmp_path / "blaming" / "BL91_loop.yml"
    loop.symlink_to(loop)
    [error] = errors_for(tmp_path)
    assert "BL91_loop.yml" in error and "cannot read file" in error


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_rule_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "blaming/BL90_x.yml", GOOD)
    path.chmod(0)
    [error] = errors_for(tmp_path)
    assert "cannot read file" in error and "Permission denied" in error


def test_every_broken_file_is_reported_in_one_error(tmp_path: Path) -> None:
    write(tmp_path, "a/BL90_empty.yml", "")
    (tmp_path / "a" / "BL91_latin.yml").write_bytes("id: caf\xe9\n".encode("latin-1"))
    write(tmp_path, "a/BL92_deep.yml", "x: " + "[" * 100 + "]" * 100)
    write(tmp_path, "a/BL93_tag.yml", GOOD + "extra: !!python/object/apply:os.system ['true']\n")
    write(
        tmp_path,
        "blaming/BL94_regex.yml",
        GOOD.replace("BL90", "BL94").replace("{LOWER: never}", "{TEXT: {REGEX: '(a)\\1'}}"),
    )
    with pytest.raises(RuleLoadError) as caught:
        load_rules([tmp_path])
    files = sorted(Path(error.file).name for error in caught.value.errors)
    assert files == ["BL90_empty.yml", "BL91_latin.yml", "BL92_deep.yml", "BL93_tag.yml", "BL94_regex.yml"]


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_rule_file_linked_to_a_fifo_or_a_device_is_refused_without_reading_it(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "pipe"
    if kind == "fifo":
        os.mkfifo(target)  # opening it to read would block for ever
    else:
        target = Path("/dev/zero")  # reading it would never end
    (tmp_path / "blaming").mkdir()
    os.symlink(target, tmp_path / "blaming" / "BL90_x.yml")
    [error] = in_a_child_process(lambda: errors_for(tmp_path), DEADLINE_S)
    assert "BL90_x.yml: not a regular file" in error


def test_duplicate_keys_are_a_rule_load_error_with_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "blaming/BL90_x.yml", GOOD.replace("severity: warning\n", "severity: warning\nseverity: error\n"))
    [error] = errors_for(tmp_path)
    assert "BL90_x.yml:5: malformed YAML" in error and "duplicate" in error


def test_binary_and_merge_keys_are_refused_not_ignored(tmp_path: Path) -> None:
    write(tmp_path, "blaming/BL90_x.yml", GOOD.replace("why: Because.", "why: !!binary QmVjYXVzZS4="))
    write(
        tmp_path,
        "blaming/BL91_y.yml",
        GOOD.replace("BL90", "BL91").replace("test-rule", "other").replace("why: Because.\n", "")
        + "base: &b {why: Because.}\n<<: *b\n",
    )
    errors = errors_for(tmp_path)
    assert any("BL90_x.yml:6: YAML tag tag:yaml.org,2002:binary is not allowed" in e for e in errors), errors
    assert any("BL91_y.yml:" in e and "merge keys (<<) are not supported" in e for e in errors), errors


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b"], ids=["nul", "soh", "esc"])
def test_a_control_character_yaml_does_not_allow_is_a_rule_load_error_with_file_and_line(
    tmp_path: Path, character: str
) -> None:
    # libyaml's reader refuses these before any event, with an error that carries no line mark (found by the
    # rule-file fuzz target): it must still be a RuleLoadError naming the file and line, not a traceback.
    write(tmp_path, "blaming/BL90_x.yml", GOOD.replace("why: Because.", f"why: Be{character}cause."))
    [error] = errors_for(tmp_path)
    assert "BL90_x.yml:6: malformed YAML" in error and "control characters are not allowed" in error, error
