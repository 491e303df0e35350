import { z } from 'zod';
import type { ElevationStatus } from './gatekeeper.ts';

/**
 * Side panel -> background worker messages about elevation (runtime
 * messaging). Parsed at the boundary, and only from this extension's own pages.
 */
export const PanelMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('elevation.start'),
    serverUrl: z.string().url(),
    repName: z.string().min(1).max(80),
    watermark: z.boolean(),
  }),
  z.object({ kind: z.literal('elevation.revoke') }),
  z.object({ kind: z.literal('elevation.end') }),
  z.object({ kind: z.literal('elevation.get') }),
  /** The representative's input; the gatekeeper validates it (`parseControlInput`) and forwards it only while granted. No answer. */
  z.object({ kind: z.literal('control.input'), input: z.unknown() }),
]);
export type PanelMessage = z.infer<typeof PanelMessageSchema>;

/** Background -> pages broadcast, and the answer to every panel message. */
export type StatusMessage = { kind: 'elevation.status'; status: ElevationStatus };

export const isStatusMessage = (m: unknown): m is StatusMessage =>
  typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === 'elevation.status';

/** The side panel holds a port of this name open; when the last one closes, elevation ends after the grace. */
export const PANEL_PORT = 'elevation-panel';
/** Long enough for a reload of the panel, short enough that closing the chat removes the helper promptly. */
export const PANEL_GRACE_MS = 5000;
