import { PublicConfigSchema, parseWith } from '@rs/protocol';
import { chromeExtensionLink } from './handover.ts';

/**
 * The session key of an emailed link (`/#key=123456789`). The fragment never
 * reaches the server; it is read once and dropped from the address bar and
 * the history, so the key is not left behind in the page's URL.
 */
export function takeLinkKey(): string | null {
  if (typeof location === 'undefined' || !location.hash) return null;
  const key = new URLSearchParams(location.hash.slice(1)).get('key');
  if (key === null) return null;
  history.replaceState(null, '', location.pathname + location.search);
  return key.replace(/\D/g, '').slice(0, 20) || null;
}


/**
 * Hands the key to the customer extension (the full client) when it is
 * installed: its manifest lets this server's pages message it
 * (externally_connectable), and it opens its chat with the key filled in.
 * False when there is no extension to take it; the web chat then goes on.
 */
export async function handToExtension(serverUrl: string, key: string): Promise<boolean> {
  const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
  if (!runtime?.sendMessage) return false;
  try {
    const config = parseWith(PublicConfigSchema, await (await fetch(`${serverUrl}/api/public-config`)).json());
    if (!config.ok) return false;
    // Every store copy's id in turn (Chrome Web Store, Edge Add-ons): the one installed answers.
    const answer = await chromeExtensionLink(config.value.customerExtensionIds ?? [config.value.customerExtensionId])({ type: 'open-session-key', key });
    return typeof answer === 'object' && answer !== null && (answer as { ok?: unknown }).ok === true;
  } catch {
    return false;
  }
}
