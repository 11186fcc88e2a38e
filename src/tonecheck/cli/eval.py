"""``tonecheck eval``: measure the rules on a labelled JSONL file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..devtools.evaluate import EvalFileError, EvalResult, evaluate, read_examples
from ..escape import visible
from .app import EXIT_OK, EXIT_USAGE, app, build_checker, err


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def _rho(value: float | None) -> str:
    return "-" if value is None else f"{value:+.2f}"


def _render(result: EvalResult) -> None:
    typer.echo(f"{result.messages} messages: {result.labeled} labelled, {result.scored} scored")
    if result.categories:
        typer.echo()
        typer.echo(f"{'category':<22}{'support':>8}{'flagged':>8}{'prec':>7}{'recall':>7}{'F1':>7}")
        for c in result.categories:
            typer.echo(
                f"{c.category:<22}{c.support:>8}{c.flagged:>8}{_pct(c.precision):>7}{_pct(c.recall):>7}{_pct(c.f1):>7}"
            )
        typer.echo(
            f"messages labelled with nothing to flag: {result.clean_labeled}, flagged anyway: {result.clean_flagged}"
        )
        if result.clean_labeled:
            typer.echo(
                f"  of those, verdict 'send': {result.clean_sent} ({result.clean_sent / result.clean_labeled:.0%})"
            )
    for kind, title in (("false_positive", "False positives"), ("miss", "Misses")):
        rows = [d for d in result.disagreements if d.kind == kind]
        if not rows:
            continue
        typer.echo()
        typer.echo(f"{title} ({len(rows)}):")
        for d in rows:
            label = f"[{d.id}] " if d.id else ""
            found = "; ".join(d.found) or "no findings"
            typer.echo(f"  {d.category}: {label}{d.text}")
            typer.echo(f"      labels: {', '.join(d.labels) or 'none'} | found: {found}")
    if result.correlation is not None:
        corr = result.correlation
        typer.echo()
        typer.echo(f"Spearman's rho against score (n={corr.n}):")
        typer.echo(f"  gentleness      {_pct(corr.gentleness)}")
        typer.echo(f"  VADER compound  {_pct(corr.sentiment)}  (baseline)")
        typer.echo(f"  harshest sentence's gentleness  {_pct(corr.harshest_sentence)}")
        if corr.strategies:
            typer.echo()
            typer.echo("Politeness strategies (count in a message) against score:")
            typer.echo(f"  {'strategy':<22}{'messages':>9}{'rho':>8}")
            for name, strategy in corr.strategies.items():
                typer.echo(f"  {name:<22}{strategy.messages:>9}{_rho(strategy.rho):>8}")


@app.command("eval")
def eval_command(
    file: Annotated[Path, typer.Argument(help='JSONL lines {"text", "labels": [...]} and/or {"text", "score"}.')],
    output_format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    rules: Annotated[Optional[list[Path]], typer.Option("--rules", help="Rule files or folders to use.")] = None,
    preview: Annotated[bool, typer.Option("--preview", help="Also run preview rules (off by default).")] = False,
) -> None:
    """Measure precision, recall and F1 per category, and gentleness against human scores."""
    if output_format not in ("text", "json"):
        err.print(f"error: --format must be text or json, not {output_format!r}", markup=False)
        raise typer.Exit(EXIT_USAGE)
    try:
        examples = read_examples(file)
    except (OSError, EvalFileError) as exc:
        lines = "\n".join(visible(line) for line in str(exc).splitlines())
        err.print(f"error: {lines}", markup=False)
        raise typer.Exit(EXIT_USAGE) from None
    checker = build_checker(rules=rules, preview=preview)
    reports = checker.check_many(e.text for e in examples)
    result = evaluate(zip(examples, reports, strict=True))
    if output_format == "json":
        print(result.model_dump_json(indent=2))
    else:
        _render(result)
    raise typer.Exit(EXIT_OK)
