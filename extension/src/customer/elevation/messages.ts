import { z } from 'zod';
import { InstallerOsSchema, parseWith, type Parsed } from '@rs/protocol';

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

/** Validates a runtime message to the background worker; never throws. */
export const parsePanelMessage = (raw: unknown): Parsed<PanelMessage> => parseWith(PanelMessageSchema, raw);

export const ElevationPhaseSchema = z.enum(['idle', 'connecting', 'installing', 'connected', 'revoked', 'ended', 'failed']);
export type ElevationPhase = z.infer<typeof ElevationPhaseSchema>;
export const ElevationStatusSchema = z.object({
  phase: ElevationPhaseSchema,
  os: InstallerOsSchema.nullable(),
  error: z.string().max(2000).nullable(),
  localInput: z.boolean(),
});
export type ElevationStatus = z.infer<typeof ElevationStatusSchema>;

/** Background -> pages broadcast, and the answer to every panel message. */
export const StatusMessageSchema = z.object({ kind: z.literal('elevation.status'), status: ElevationStatusSchema });
export type StatusMessage = z.infer<typeof StatusMessageSchema>;

/** Validates a runtime message to a chat page (any of the extension's senders); never throws. */
export const parseStatusMessage = (raw: unknown): Parsed<StatusMessage> => parseWith(StatusMessageSchema, raw);

/** The side panel holds a port of this name open; when the last one closes, elevation ends after the grace. */
export const PANEL_PORT = 'elevation-panel';
/** Long enough for a reload of the panel, short enough that closing the chat removes the helper promptly. */
export const PANEL_GRACE_MS = 5000;
