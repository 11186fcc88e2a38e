// Ask a running `tonecheck serve` whether drafts are OK to send: plain fetch, so the same `presend` function
// works in a browser (serve with --cors-origin for pages on another origin) and in Node 18+.
//
//   tonecheck serve &                                    # http://127.0.0.1:8000
//   node examples/presend_client.js "Call me ASAP." "hope you're well!"
//   TONECHECK_URL=http://127.0.0.1:9000 node examples/presend_client.js "You never listen to me."
"use strict";

/**
 * @param {string} text the draft
 * @param {{baseUrl?: string, policy?: object}} options policy: e.g. {blocking: ["blaming"], revise_at: "warning"}
 * @returns {Promise<{verdict: "send"|"review"|"revise", gentleness: number, reasons: object[], highlights: object[], rewrite: string|null}>}
 */
async function presend(text, { baseUrl = "http://127.0.0.1:8000", policy } = {}) {
  const response = await fetch(`${baseUrl}/v1/presend`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(policy ? { text, policy } : { text }),
  });
  const body = await response.json();
  // Errors come back as JSON too: {"error": "too_large" | "invalid_request" | "timeout", "message": ...}.
  if (!response.ok) throw new Error(`${response.status} ${body.error}: ${body.message}`);
  return body;
}

async function main(drafts) {
  const baseUrl = process.env.TONECHECK_URL || "http://127.0.0.1:8000";
  for (const text of drafts) {
    const answer = await presend(text, { baseUrl });
    console.log(`${answer.verdict.padEnd(6)} ${answer.gentleness.toFixed(2)}  ${text}`);
    for (const h of answer.highlights) {
      const suggestion = h.suggestions.length ? `  -> try "${h.suggestions[0].replacement}"` : "";
      console.log(`       [${h.start}, ${h.end}) ${h.category} "${text.slice(h.start, h.end)}": ${h.message}${suggestion}`);
    }
  }
}

if (typeof module !== "undefined") module.exports = { presend };
if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`error: ${error.message}`);
    process.exit(1);
  });
}
