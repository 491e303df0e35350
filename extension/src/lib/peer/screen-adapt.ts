import { SCREEN_MAX_BITRATE } from './quality.ts';

/**
 * The sender's bitrate cap and resolution, adapted once a second from its own
 * WebRTC stats. The congestion controller already follows the network within
 * a cap; this policy moves the cap itself (sustained loss, a narrow link) and,
 * for a screen watched as motion, the resolution when the encoder says it is
 * limited by CPU or bandwidth. Every change needs a run of seconds that agree
 * (a slower run to go back up than to go down), so one bad second changes
 * nothing and settings do not flap; both stay within fixed bounds.
 */
export const MIN_BITRATE = 300_000;
/** scaleResolutionDownBy steps: 1080p, 720p, 540p, 360p, 270p. */
export const SCALE_STEPS = [1, 1.5, 2, 3, 4] as const;

/** Consecutive seconds before acting. */
const LOSS_RUN = 2;
const LIMITED_RUN = 3;
const CALM_RUN = 5;
const SCALE_UP_RUN = 10;
const LOSSY = 0.05;
const CLEAN = 0.01;
const SLOW_RTT_MS = 300;

export type Limitation = 'none' | 'cpu' | 'bandwidth' | 'other';

/** One second of the sender's stats. */
export interface SenderSample {
  limitation: Limitation;
  /** Fraction of packets the receiver reported lost over the interval. */
  loss: number;
  rttMs: number | null;
  /** The congestion controller's estimate, bits per second, when the browser reports it. */
  availableBitrate: number | null;
}

export interface SenderSettings {
  maxBitrate: number;
  scale: number;
}

export interface AdaptState {
  settings: SenderSettings;
  lossy: number;
  limited: number;
  calm: number;
}

export const initialAdapt = (): AdaptState => ({ settings: { maxBitrate: SCREEN_MAX_BITRATE, scale: 1 }, lossy: 0, limited: 0, calm: 0 });

const clampBitrate = (b: number) => Math.round(Math.min(SCREEN_MAX_BITRATE, Math.max(MIN_BITRATE, b)));
const stepOf = (scale: number) => Math.max(0, SCALE_STEPS.findIndex((s) => s >= scale));

/** The next state for one sample; `hint` is the track's content hint ('motion' may trade resolution, text never does). */
export function adaptSender(state: AdaptState, sample: SenderSample, hint: string): AdaptState {
  const limited = sample.limitation === 'cpu' || sample.limitation === 'bandwidth';
  const calm = sample.limitation === 'none' && sample.loss < CLEAN && (sample.rttMs ?? 0) < SLOW_RTT_MS;
  const next: AdaptState = {
    settings: { ...state.settings },
    lossy: sample.loss >= LOSSY ? state.lossy + 1 : 0,
    limited: limited ? state.limited + 1 : 0,
    calm: calm ? state.calm + 1 : 0,
  };
  const s = next.settings;
  if (next.lossy >= LOSS_RUN) {
    s.maxBitrate = clampBitrate(s.maxBitrate * 0.75);
    next.lossy = 0;
  }
  if (sample.limitation === 'bandwidth' && sample.availableBitrate && next.limited >= LIMITED_RUN) {
    // Leave the estimate some headroom, so the encoder's overshoot does not cause the loss we are avoiding.
    s.maxBitrate = clampBitrate(Math.min(s.maxBitrate, sample.availableBitrate * 0.9));
  }
  if (hint === 'motion' && next.limited >= LIMITED_RUN) {
    s.scale = SCALE_STEPS[Math.min(SCALE_STEPS.length - 1, stepOf(s.scale) + 1)]!;
    next.limited = 0;
  }
  if (next.calm > 0 && next.calm % CALM_RUN === 0 && s.maxBitrate < SCREEN_MAX_BITRATE) s.maxBitrate = clampBitrate(s.maxBitrate * 1.25);
  if (next.calm >= SCALE_UP_RUN && s.scale > 1) {
    s.scale = SCALE_STEPS[stepOf(s.scale) - 1]!;
    next.calm = 0;
  }
  return next;
}

type Stat = Record<string, unknown>;
const LIMITATIONS = new Set<Limitation>(['none', 'cpu', 'bandwidth', 'other']);
const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The sample for the interval between two getStats reports of the sender (their values, in any order); null without a video sender. */
export function sampleFrom(prev: Iterable<Stat> | null, report: Iterable<Stat>): SenderSample | null {
  const find = (stats: Iterable<Stat> | null, type: string) => {
    for (const s of stats ?? []) if (s.type === type && (type === 'candidate-pair' ? s.nominated && s.state === 'succeeded' : s.kind === 'video')) return s;
    return undefined;
  };
  const out = find(report, 'outbound-rtp');
  if (!out) return null;
  const remote = find(report, 'remote-inbound-rtp');
  const pair = find(report, 'candidate-pair');
  const [outBefore, remoteBefore] = [find(prev, 'outbound-rtp'), find(prev, 'remote-inbound-rtp')];
  const sent = (n(out.packetsSent) ?? 0) - (n(outBefore?.packetsSent) ?? 0);
  const lost = (n(remote?.packetsLost) ?? 0) - (n(remoteBefore?.packetsLost) ?? 0);
  const loss = prev && sent > 0 && lost > 0 ? Math.min(1, lost / (sent + lost)) : 0;
  const rtt = n(remote?.roundTripTime) ?? n(pair?.currentRoundTripTime);
  const reason = String(out.qualityLimitationReason ?? 'none') as Limitation;
  return {
    limitation: LIMITATIONS.has(reason) ? reason : 'other',
    loss: Math.round(loss * 1000) / 1000,
    rttMs: rtt === null ? null : Math.round(rtt * 1000),
    availableBitrate: n(pair?.availableOutgoingBitrate),
  };
}

/**
 * Runs the policy on a live connection: every second it reads the sender's
 * stats and, when the settings changed, applies them with setParameters.
 * `close()` stops it (idempotent); so does the connection closing.
 */
export class SenderAdapter {
  #state = initialAdapt();
  #prev: Stat[] | null = null;
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #pc: RTCPeerConnection;
  readonly #hint: () => string;

  constructor(pc: RTCPeerConnection, hint: () => string, intervalMs = 1000) {
    this.#pc = pc;
    this.#hint = hint;
    this.#timer = setInterval(() => void this.#tick().catch(() => {}), intervalMs);
  }

  get settings(): SenderSettings {
    return { ...this.#state.settings };
  }

  close(): void {
    clearInterval(this.#timer);
  }

  async #tick(): Promise<void> {
    if (this.#pc.connectionState === 'closed') return this.close();
    const sender = this.#pc.getSenders().find((s) => s.track?.kind === 'video');
    if (!sender) return;
    const report = [...(await sender.getStats()).values()] as Stat[];
    const sample = sampleFrom(this.#prev, report);
    this.#prev = report;
    if (!sample) return;
    const before = this.#state.settings;
    this.#state = adaptSender(this.#state, sample, this.#hint());
    const after = this.#state.settings;
    if (after.maxBitrate === before.maxBitrate && after.scale === before.scale) return;
    const params = sender.getParameters();
    for (const e of params.encodings ?? []) {
      e.maxBitrate = after.maxBitrate;
      e.scaleResolutionDownBy = after.scale;
    }
    await sender.setParameters(params);
  }
}
