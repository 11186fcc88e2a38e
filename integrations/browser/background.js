// The only part of the extension that talks to the network, and only to tonecheck serve on this machine.
// It runs under the extension's own origin (chrome-extension://<id>), which the server must allow with
// `tonecheck serve --cors-origin chrome-extension://<id>`; the extension asks for no host permissions.

const DEFAULTS = { server: "http://127.0.0.1:8000", interceptSites: [] };
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

function isLoopback(address) {
  try {
    const url = new URL(address);
    return (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK.has(url.hostname);
  } catch {
    return false;
  }
}

const ENDPOINTS = {
  check: (text) => ["POST", "/v1/check", { text }],
  presend: (text) => ["POST", "/v1/presend", { text }],
  health: () => ["GET", "/healthz", null],
};

async function call(type, text) {
  const { server } = await chrome.storage.local.get(DEFAULTS);
  if (!isLoopback(server)) {
    throw new Error(`tonecheck only talks to a server on this machine; ${server} is not a loopback address`);
  }
  const [method, path, body] = ENDPOINTS[type](text);
  let response;
  try {
    response = await fetch(new URL(path, server), {
      method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
      credentials: "omit",
    });
  } catch {
    throw new Error(`no tonecheck server answers at ${server} (start it with: tonecheck serve --cors-origin ${location.origin})`);
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(`the tonecheck server answered ${response.status}: ${answer.message || response.statusText}`);
  }
  return answer;
}

chrome.runtime.onMessage.addListener((message, _sender, reply) => {
  if (!(message && message.type in ENDPOINTS)) return false;
  call(message.type, message.text).then(
    (answer) => reply({ answer }),
    (error) => reply({ error: String(error.message || error) }),
  );
  return true; // the reply comes later
});
