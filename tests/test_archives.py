"""Archives read as messages: mailboxes and chat exports, each message its own draft with who sent it when."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tonecheck import Checker
from tonecheck.io.archives import archive_kind, read_messages
from tonecheck.io.batch import Finder, Result, Target, check_in_process
from tonecheck.io.messages import Authors, Message, MessageError
from tonecheck.settings import Settings

ARCHIVES = Path(__file__).parent / "fixtures" / "archives"
TONECHECK = str(Path(sys.executable).with_name("tonecheck"))


def messages(name: str | Path, **kwargs: object) -> list[Message | MessageError]:
    return list(read_messages(ARCHIVES / name, **kwargs))  # type: ignore[arg-type]


def ok(items: list[Message | MessageError]) -> list[Message]:
    return [m for m in items if isinstance(m, Message)]


def check(checker: Checker, *names: str | Path, **options: object) -> list[Result]:
    targets = [Target(str(ARCHIVES / n)) for n in names]
    return list(check_in_process(checker, targets, Settings(**options)))  # type: ignore[arg-type]


def test_whatsapp_android_export_joins_continued_lines_and_skips_the_apps_own_lines() -> None:
    found = ok(messages("whatsapp_android.txt"))
    assert [(m.info.sender, m.info.time) for m in found] == [
        ("Anna Berg", "12/03/2024 09:15"),
        ("Ben", "12/03/2024 09:20"),
        ("Anna Berg", "12/03/2024 09:25"),
        ("Carla", "13/03/2024 18:05"),
    ]
    assert found[1].text == "You never reply on time.\nI waited for an hour yesterday.\nAnswer me now."
    assert not any("encrypted" in m.text or "Media omitted" in m.text or "added" in m.text for m in found)


def test_whatsapp_iphone_export_with_brackets_seconds_12_hour_times_and_direction_marks() -> None:
    assert archive_kind(ARCHIVES / "whatsapp_iphone.txt") == "whatsapp"
    found = ok(messages("whatsapp_iphone.txt"))
    assert [(m.info.sender, m.info.time) for m in found] == [
        ("Anna Berg", "3/12/24 9:15:02 AM"),
        ("Ben", "3/12/24 9:20:40 PM"),
        ("Anna Berg", "3/12/24 9:25:10 PM"),
    ]
    assert found[1].text == "You always ignore my messages.\nSeriously."  # CRLF export, continued line


def test_an_ordinary_text_draft_is_not_taken_for_a_chat(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Anna,\n12/03/2024, 09:20 - we said we'd meet: shall we?\n", encoding="utf-8")
    assert archive_kind(draft) is None


def test_slack_export_folder_channels_names_and_markup(checker: Checker) -> None:
    found = messages("slack")
    assert isinstance(found[-1], MessageError) and found[-1].index == 4 and "#random" in found[-1].reason
    readable = ok(found)
    assert [(m.info.channel, m.info.sender) for m in readable] == [
        ("#general", "Anna Berg"),
        ("#general", "Ben Ode"),
        ("#general", "Anna Berg"),
        ("#random", "Ben Ode"),
    ]
    assert readable[0].text == "Morning! The deploy notes are here."  # <url|label>: the label
    assert readable[1].text.startswith("@Anna Berg you never update the ticket & it's your fault")
    assert readable[1].info.time == "2024-03-12T09:01:40+00:00" and readable[1].info.id == "1710234100.000300"


def test_maildir_multipart_message_checked_on_its_plain_part_without_signature_or_quote() -> None:
    found = ok(messages("maildir"))
    assert [m.info.sender for m in found] == ["Ben Ode", "Anna Berg"]
    assert found[0].text == "Anna,\n\nYou never send the report on time. Answer me today."
    assert found[0].info.id == "<report-1@example.org>" and found[0].info.time == "2024-03-12T09:20:00+01:00"
    assert "Ben Ode" not in found[0].text  # the signature after "-- "
    assert "wrote:" not in found[1].text and "You never send" not in found[1].text  # the quoted reply


def test_malformed_mbox_reports_file_and_message_number_and_checks_the_rest(checker: Checker) -> None:
    results = check(checker, "bad.mbox")
    errors = [(r.record, r.error) for r in results if r.error]
    assert errors == [
        (None, "2 line(s) before the first 'From ' line are not a message"),
        (1, "email has no text/plain body"),
        (2, "cannot decode the email body: unknown encoding: x-no-such-charset"),
    ]
    checked = {r.record: r for r in results if r.report is not None}
    assert set(checked) == {0, 3}
    assert not checked[0].report.findings  # type: ignore[union-attr]
    harsh = checked[3]
    assert harsh.message is not None and harsh.message.sender == "Ben Ode" and harsh.message.id == "<m4@example.org>"
    assert {f.rule_id[:2] for f in harsh.report.findings} >= {"BL", "PR"}  # type: ignore[union-attr]
    assert all(r.path.endswith("bad.mbox") for r in results)


def test_a_file_that_is_not_an_mbox_at_all_is_one_clear_error(checker: Checker, tmp_path: Path) -> None:
    (tmp_path / "notes.mbox").write_text("just some notes\nno separators\n", encoding="utf-8")
    (result,) = check_in_process(checker, [Target(str(tmp_path / "notes.mbox"))])
    assert result.error is not None and "not an mbox" in result.error


def test_telegram_and_discord_exports(checker: Checker) -> None:
    telegram = messages("telegram.json")
    assert [m.info.sender for m in ok(telegram)] == ["Ben Ode", "Anna Berg", "Ben Ode"]
    assert ok(telegram)[1].text == "I was driving, sorry!"  # formatted parts joined
    assert [e.index for e in telegram if isinstance(e, MessageError)] == [2]
    discord = messages("discord.json")
    assert [(m.info.sender, m.info.channel, m.info.id) for m in ok(discord)] == [
        ("Anna", "#general", "1001"),
        ("Ben", "#general", "1003"),
    ]  # the pin notice is skipped
    assert [e.index for e in discord if isinstance(e, MessageError)] == [3]


def test_author_keeps_only_the_writers_own_messages_by_name_address_or_id() -> None:
    assert {m.info.sender for m in ok(messages("slack", authors=Authors.of(["anna.b"])))} == {"Anna Berg"}
    assert {m.info.sender for m in ok(messages("bad.mbox", authors=Authors.of(["BEN@example.org"])))} == {"Ben Ode"}
    assert {m.info.sender for m in ok(messages("whatsapp_android.txt", authors=Authors.of(["carla"])))} == {"Carla"}
    assert {m.info.sender for m in ok(messages("discord.json", authors=Authors.of(["22"])))} == {"Ben"}


def test_finding_positions_index_the_message_text_and_carry_the_sender(checker: Checker) -> None:
    results = check(checker, "whatsapp_android.txt")
    ben = next(r for r in results if r.message is not None and r.message.sender == "Ben")
    text = "You never reply on time.\nI waited for an hour yesterday.\nAnswer me now."
    assert ben.report is not None and ben.record == 1
    for finding in ben.report.findings:
        assert text[finding.start : finding.end] == finding.text
    pressure = next(
        (f, loc) for f, loc in zip(ben.report.findings, ben.locations, strict=True) if f.text == "Answer me"
    )
    assert (pressure[1].line, pressure[1].column, pressure[1].source_line) == (3, 1, "Answer me now.")


def test_csv_and_parquet_tables_read_in_batches_with_ids(tmp_path: Path) -> None:
    csv_found = messages("messages.csv", id_field="id")
    assert [(m.index, m.info.id) for m in ok(csv_found)] == [(0, "r1"), (1, "r2"), (4, "r5")]  # r4: empty text
    assert ok(csv_found)[1].text == "You never listen.\nAnswer me now."
    (bad,) = [e for e in csv_found if isinstance(e, MessageError)]
    assert bad.index == 2 and "line 5" in bad.reason
    table = pa.table({"reply_id": list(range(5000)), "body": [f"Reply {i}." if i % 7 else None for i in range(5000)]})
    pq.write_table(table, tmp_path / "replies.parquet", row_group_size=1000)
    found = list(read_messages(tmp_path / "replies.parquet", text_field="body", id_field="reply_id"))
    assert len(found) == 5000 - len(range(0, 5000, 7))
    assert isinstance(found[-1], Message) and found[-1].index == 4999 and found[-1].info.id == "4999"
    with pytest.raises(Exception, match="no column 'text'"):
        list(read_messages(tmp_path / "replies.parquet"))


def test_walking_a_folder_takes_maildir_slack_and_mbox_as_one_archive_each(tmp_path: Path) -> None:
    targets = list(Finder(ARCHIVES).targets([str(ARCHIVES)]))
    kinds = {Path(t.path).name: t.kind for t in targets}
    assert kinds["maildir"] == "maildir" and kinds["slack"] == "slack"
    assert "bad.mbox" in kinds and "messages.csv" not in kinds  # tables only when named
    assert not any("/maildir/" in t.path or "/slack/" in t.path for t in targets)


def test_cli_author_statistics_and_parquet_output(tmp_path: Path) -> None:
    out = tmp_path / "results.parquet"
    run = subprocess.run(
        [
            TONECHECK,
            "check",
            "whatsapp_android.txt",
            "bad.mbox",
            "--author",
            "Ben",
            "--author",
            "ben@example.org",
            "--statistics",
            "--output",
            str(out),
            "--isolated",
        ],
        cwd=ARCHIVES,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stderr
    assert "bad.mbox[1]: error: email has no text/plain body" in run.stderr
    assert "whatsapp_android.txt: 1 message, 1 flagged (100.0%)" in run.stdout
    assert "[1] Ben, 12/03/2024 09:20: You never reply on time." in run.stdout  # among the harshest
    rows = pq.read_table(out).to_pylist()
    assert {r["sender"] for r in rows if r["error"] is None} == {"Ben", "Ben Ode"}  # only the author's
    ben = next(r for r in rows if r["sender"] == "Ben")
    assert ben["verdict"] in ("review", "revise") and "blaming" in ben["categories"]
    findings = json.loads(ben["findings"])
    assert any(f["text"] == "You never reply" for f in findings)
    assert ben["record"] == 1 and ben["path"] == "whatsapp_android.txt"
    assert [r["record"] for r in rows if r["error"]] == [None, 1, 2]


@pytest.mark.parametrize("output_format", ["jsonl", "text"])
def test_cli_output_to_a_file_in_other_formats(tmp_path: Path, output_format: str) -> None:
    out = tmp_path / f"results.{output_format}"
    run = subprocess.run(
        [TONECHECK, "check", "whatsapp_android.txt", "--format", output_format, "--output", str(out), "--isolated"],
        cwd=ARCHIVES,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stderr
    written = out.read_text(encoding="utf-8")
    assert "You never reply" in written and "You never reply" not in run.stdout  # results in the file only
    if output_format == "jsonl":
        results = [json.loads(line) for line in written.splitlines()]
        ben = next(r for r in results if r["message"]["sender"] == "Ben")
        assert any(f["text"] == "You never reply" for f in ben["findings"])
    else:
        assert "whatsapp_android.txt[1]:1:1" in written and "(Ben, " in written
    assert "Messages from archives: 1 of 4 with findings." in run.stdout  # the summary stays on the terminal
