"""Check one draft with the Python API and print what tonecheck found."""

import tonecheck

report = tonecheck.check("You hurt me by ignoring my calls. Answer me right now!")
print(f"verdict: {report.verdict}   gentleness: {report.gentleness:.2f}")
for finding in report.findings:
    print(f"  {finding.rule_id} {finding.category:<20} {finding.text!r}: {finding.message}")
    for suggestion in finding.suggestions[:1]:
        print(f"      try: {suggestion.replacement!r}")
