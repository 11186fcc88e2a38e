// The per-site switch for the tab the popup was opened on; the tab's content script tells its host name,
// so the extension needs no "tabs" permission.
const box = document.getElementById("intercept");

chrome.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
  if (!tab) return;
  chrome.tabs.sendMessage(tab.id, { type: "site" }, async (response) => {
    if (chrome.runtime.lastError || !response) {
      document.getElementById("site").textContent = "this page (tonecheck does not run here)";
      return;
    }
    const site = response.site;
    document.getElementById("site").textContent = site;
    const { interceptSites } = await chrome.storage.local.get({ interceptSites: [] });
    box.checked = interceptSites.includes(site);
    box.disabled = false;
    box.addEventListener("change", async () => {
      const stored = (await chrome.storage.local.get({ interceptSites: [] })).interceptSites.filter((s) => s !== site);
      await chrome.storage.local.set({ interceptSites: box.checked ? [...stored, site] : stored });
    });
  });
});
