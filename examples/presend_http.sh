#!/usr/bin/env bash
# The pre-send API with curl. Start the server first:  tonecheck serve   (http://127.0.0.1:8000)
#   bash examples/presend_http.sh
#   TONECHECK_URL=http://127.0.0.1:9000 bash examples/presend_http.sh
set -euo pipefail
url=${TONECHECK_URL:-http://127.0.0.1:8000}
json=(-sS --fail-with-body -H "Content-Type: application/json")

echo "# Is the service up, and with which model and how many rules?"
curl -sS --fail-with-body "$url/healthz"; echo

echo "# Is this draft OK to send? The verdict, the reasons and the spans to highlight."
curl "${json[@]}" "$url/v1/presend" -d '{"text": "Answer me right now. You never listen to me."}'; echo

echo "# A pressuring draft under a policy where only blaming findings can block (and a low score cannot)."
curl "${json[@]}" "$url/v1/presend" \
  -d '{"text": "Answer me right now.", "policy": {"blocking": ["blaming"], "revise_at": "warning", "revise_below": 0}}'
echo

echo "# The full report, only the pressuring rules."
curl "${json[@]}" "$url/v1/check" -d '{"text": "Call me ASAP.", "select": ["pressuring"]}'; echo

echo "# The rules the server has loaded."
curl -sS --fail-with-body "$url/v1/rules" | cut -c1-300 | tr -d "\n"; echo " ..."

echo "# A wrong field is a 422 that names it."
curl -sS -w "\nHTTP %{http_code}\n" -H "Content-Type: application/json" "$url/v1/presend" -d '{"txt": "hi"}'
