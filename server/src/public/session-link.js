// The session link of an emailed invitation is this page with the key in the URL
// fragment (/#key=123456789), which the browser never sends to the server. The page
// hands the key to the customer extension (externally_connectable), which opens its
// chat straight to the representative who generated the key.
(() => {
  const status = document.getElementById('key-status');
  const form = document.getElementById('key-form');
  const input = document.getElementById('key-input');
  const say = (text) => {
    status.textContent = text;
  };

  async function handOver(key) {
    const digits = key.replace(/[\s-]/g, '');
    if (!/^\d{9}$/.test(digits)) return say('A session key has 9 digits. Please check it and try again.');
    const runtime = globalThis.chrome?.runtime;
    let extensionId = null;
    try {
      extensionId = (await (await fetch('/api/public-config')).json()).customerExtensionId;
    } catch {
      return say('The support server cannot be reached right now. Please try again in a moment.');
    }
    const spaced = `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
    const notInstalled = () =>
      say(`To start your session, install the Remote Support browser extension, then enter your session key ${spaced} here again.`);
    if (!runtime?.sendMessage || !extensionId) return notInstalled();
    try {
      const reply = await new Promise((resolve, reject) => {
        runtime.sendMessage(extensionId, { type: 'open-session-key', key: digits }, (answer) => {
          if (runtime.lastError) reject(new Error(runtime.lastError.message));
          else resolve(answer);
        });
      });
      if (reply && reply.ok) say('Your support chat has opened in the Remote Support extension. Enter your name there to start.');
      else notInstalled();
    } catch {
      notInstalled();
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void handOver(input.value);
  });

  const fromLink = new URLSearchParams(location.hash.slice(1)).get('key');
  if (fromLink) {
    // Drop the key from the address bar and history once read.
    history.replaceState(null, '', location.pathname + location.search);
    input.value = fromLink;
    void handOver(fromLink);
  }
})();
