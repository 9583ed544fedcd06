// Placeholder shell until the PWA lands: shows that the server and the API answer.
const statusLine = document.querySelector<HTMLParagraphElement>("#status");

async function showServerState(): Promise<void> {
  if (!statusLine) return;
  try {
    const response = await fetch("/api/v1/catalog/", { headers: { Accept: "application/json" } });
    statusLine.textContent = response.ok
      ? "The diary service is running. The patient app is coming soon."
      : `The diary service answered ${response.status}.`;
  } catch {
    statusLine.textContent = "You are offline.";
  }
}

void showServerState();
export {};
