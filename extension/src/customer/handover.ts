import { PublicConfigSchema, parseWith, type OpenSessionMessage, type PageToExtensionMessage } from '@rs/protocol';
import { t } from '../i18n/index.ts';
import { UiError } from '../lib/errors.ts';

/** The web chat's line to the customer extension (externally_connectable): an answer, or null when none came. */
export type ExtensionLink = (message: PageToExtensionMessage) => Promise<unknown>;

type ExternalRuntime = {
  sendMessage(extensionId: string, message: unknown, callback: (answer: unknown) => void): void;
  lastError?: { message?: string };
};

/**
 * Messages the customer extension from a page of the server. `chrome.runtime`
 * is read at every send: the browser gives it to the page only while an
 * extension that accepts this origin is installed, which may change while
 * the customer waits. The ids are tried in order (the Chrome Web Store copy,
 * then Edge Add-ons' or another), and the first answer counts.
 */
export function chromeExtensionLink(extensionIds: string | readonly string[]): ExtensionLink {
  const ids = typeof extensionIds === 'string' ? [extensionIds] : extensionIds;
  const sendTo = (runtime: ExternalRuntime, id: string, message: PageToExtensionMessage) =>
    new Promise<unknown>((resolve) => {
      try {
        runtime.sendMessage(id, message, (answer) => resolve(runtime.lastError ? null : (answer ?? null)));
      } catch {
        resolve(null);
      }
    });
  return async (message) => {
    for (const id of ids) {
      const runtime = (globalThis as { chrome?: { runtime?: ExternalRuntime } }).chrome?.runtime;
      if (!runtime?.sendMessage) return null;
      const answer = await sendTo(runtime, id, message);
      if (answer !== null) return answer;
    }
    return null;
  };
}

const isOk = (answer: unknown): boolean => typeof answer === 'object' && answer !== null && (answer as { ok?: unknown }).ok === true;

/** What the web chat needs to hand over: the extension's ids (every store copy) and where to install it. */
export async function loadExtensionConfig(serverUrl: string): Promise<{ extensionIds: string[]; installUrl: string | null }> {
  const config = parseWith(PublicConfigSchema, await (await fetch(`${serverUrl}/api/public-config`)).json());
  if (!config.ok) throw new UiError('not_found', t('elevation.noExtensionConfig'));
  return { extensionIds: config.value.customerExtensionIds ?? [config.value.customerExtensionId], installUrl: config.value.customerExtensionUrl ?? null };
}

export interface HandOverOptions {
  signal: AbortSignal;
  /** Called once, when the extension does not answer the first ping: time to show how to install it. */
  onMissing: () => void;
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Allow in the web chat: hands the live session to the customer extension as
 * soon as it answers a ping, now or after the customer has installed it
 * (checked every `intervalMs`). True once the extension took the session;
 * false when aborted (the customer refused, or the chat ended).
 */
export async function handOverWhenInstalled(link: ExtensionLink, session: Omit<OpenSessionMessage, 'type'>, options: HandOverOptions): Promise<boolean> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let told = false;
  while (!options.signal.aborted) {
    if (isOk(await link({ type: 'ping' })) && !options.signal.aborted) {
      if (isOk(await link({ type: 'open-session', ...session }))) return true;
    }
    if (options.signal.aborted) break;
    if (!told) {
      told = true;
      options.onMissing();
    }
    await sleep(options.intervalMs ?? 2000);
  }
  return false;
}
