import { z } from 'zod';
import { InstallerOsSchema, parseWith, type Parsed } from '@rs/protocol';

const StartOptionsSchema = z.object({
  serverUrl: z.string().url(),
  repName: z.string().min(1).max(80),
  watermark: z.boolean(),
});

/**
 * Chat page -> background worker, about the helper the page holds (the page
 * holds the native port itself, next to the peer connection the
 * representative's input comes on). Runtime messages and the page's
 * `PANEL_PORT`; parsed at the boundary, and only from this extension's own pages.
 */
export const PanelMessageSchema = z.discriminatedUnion('kind', [
  /** A page opened: is there a helper to take over (a reload)? Answered with `ResumeMessage`. */
  z.object({ kind: z.literal('elevation.get') }),
  /** On the port: this page has the helper running under this Allow; if the page goes, the worker removes it. */
  StartOptionsSchema.extend({ kind: z.literal('elevation.held') }),
  /** On the port: the helper is gone (ended, or it removed itself): nothing to remove. */
  z.object({ kind: z.literal('elevation.released') }),
]);
export type PanelMessage = z.infer<typeof PanelMessageSchema>;
/** Validates a message to the background worker; never throws. */
export const parsePanelMessage = (raw: unknown): Parsed<PanelMessage> => parseWith(PanelMessageSchema, raw);

/** Background -> page, the answer to `elevation.get`: the Allow under which a closed or reloaded page held the helper, if any. */
export const ResumeMessageSchema = z.object({ kind: z.literal('elevation.resume'), held: StartOptionsSchema.nullable() });
export type ResumeMessage = z.infer<typeof ResumeMessageSchema>;
/** Validates the worker's answer in a chat page; never throws. */
export const parseResumeMessage = (raw: unknown): Parsed<ResumeMessage> => parseWith(ResumeMessageSchema, raw);

export const ElevationPhaseSchema = z.enum(['idle', 'connecting', 'installing', 'connected', 'revoked', 'ended', 'failed']);
export type ElevationPhase = z.infer<typeof ElevationPhaseSchema>;
export const ElevationStatusSchema = z.object({
  phase: ElevationPhaseSchema,
  os: InstallerOsSchema.nullable(),
  error: z.string().max(2000).nullable(),
  localInput: z.boolean(),
});
export type ElevationStatus = z.infer<typeof ElevationStatusSchema>;

/** A chat page holds a port of this name open; when the last one closes, a helper still held is removed after the grace. */
export const PANEL_PORT = 'elevation-panel';
/** Long enough for a reload of the panel, short enough that closing the chat removes the helper promptly. */
export const PANEL_GRACE_MS = 5000;
