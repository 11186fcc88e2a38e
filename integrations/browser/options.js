const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const form = document.getElementById("options");
const status = document.getElementById("status");

function say(message, error = false) {
  status.textContent = message;
  status.className = error ? "error" : "";
}

function loopbackAddress(value) {
  try {
    const url = new URL(value.trim());
    if ((url.protocol === "http:" || url.protocol === "https:") && LOOPBACK.has(url.hostname)) return url.origin;
  } catch {
    // not a URL
  }
  return null;
}

document.getElementById("command").textContent = `tonecheck serve --cors-origin ${location.origin}`;

chrome.storage.local.get({ server: "http://127.0.0.1:8000", interceptSites: [] }).then(({ server, interceptSites }) => {
  form.server.value = server;
  form.sites.value = interceptSites.join("\n");
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const server = loopbackAddress(form.server.value);
  if (!server) {
    say(`${form.server.value} is not an address on this machine (127.0.0.1, localhost or [::1]); not saved.`, true);
    return;
  }
  const interceptSites = [...new Set(form.sites.value.split(/\s+/).map((s) => s.trim().toLowerCase()).filter(Boolean))];
  await chrome.storage.local.set({ server, interceptSites });
  say("Saved.");
});

document.getElementById("test").addEventListener("click", () => {
  say("Asking the server…");
  chrome.runtime.sendMessage({ type: "health" }, (response) => {
    if (!response || response.error) say(response ? response.error : "no answer", true);
    else say(`Connected: tonecheck ${response.answer.version}, ${response.answer.rules} rules.`);
  });
});
