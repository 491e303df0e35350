import type { ControlInput, ExtensionToHost, ExtensionToHostType, HostToExtension } from '@rs/protocol';
import type { ControlGate } from './control.ts';
import type { Platform } from './platform/types.ts';

/** What a handler may use: the platform, the control gate, the way back to the extension, and the way out. */
export type HandlerContext = {
  platform: Platform;
  gate: ControlGate;
  send(message: HostToExtension): Promise<void>;
  /** Ends the host after the current message: stdin is no longer read. */
  exit(code: number): void;
  log(line: string): void;
};

type Handler<T extends ExtensionToHostType> = (message: Extract<ExtensionToHost, { type: T }>, ctx: HandlerContext) => Promise<void>;
export type HandlerTable = { [T in Exclude<ExtensionToHostType, 'hello'>]: Handler<T> };

const ok = (ctx: HandlerContext, id: string) => ctx.send({ type: 'ok', id });

const input = async (message: ControlInput, ctx: HandlerContext): Promise<void> => {
  if (!ctx.gate.submit(message)) {
    await ctx.send({ type: 'error', id: null, code: 'forbidden', message: `${message.type} ignored: control is not granted` });
  }
};

/** Stops everything the host shows or does; shared by shutdown and uninstall. */
async function stop(ctx: HandlerContext): Promise<void> {
  ctx.gate.revoke();
  await ctx.platform.watermark.close();
}

/** One handler per message type (hello is the dispatcher's). */
export const handlers: HandlerTable = {
  'control.grant': async (m, ctx) => {
    // Granted once input can be injected: the platform loads now if no request needed it yet.
    await ctx.platform.ready?.();
    ctx.gate.grant();
    ctx.log('control granted');
    await ok(ctx, m.id);
  },
  'control.revoke': async (m, ctx) => {
    ctx.gate.revoke();
    ctx.log('control revoked');
    await ok(ctx, m.id);
  },
  'pointer.move': input,
  'pointer.click': input,
  'pointer.doubleClick': input,
  'pointer.wheel': input,
  'key.press': input,
  'key.type': input,
  'watermark.show': async (m, ctx) => {
    await ctx.platform.watermark.show(m.repName, m.text);
    await ok(ctx, m.id);
  },
  'watermark.hide': async (m, ctx) => {
    await ctx.platform.watermark.hide();
    await ok(ctx, m.id);
  },
  shutdown: async (m, ctx) => {
    await stop(ctx);
    await ok(ctx, m.id);
    ctx.exit(0);
  },
  uninstall: async (m, ctx) => {
    await stop(ctx);
    const removed = await ctx.platform.uninstaller.uninstall();
    ctx.log(`uninstalled: ${removed.length} paths removed`);
    await ok(ctx, m.id);
    ctx.exit(0);
  },
};
