import { currentLanguage, t } from '../i18n/index.ts';
/**
 * The figures of the customer's stream as the representative's console
 * receives it (what arrives, not what was asked for): frame rate, resolution,
 * bitrate, round trip and codec, from two getStats reports a second apart.
 */
export interface StreamFigures {
  width: number;
  height: number;
  fps: number | null;
  kbps: number | null;
  rttMs: number | null;
  codec: string | null;
}

type Stat = Record<string, unknown>;
const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function inbound(stats: Iterable<Stat> | null): Stat | undefined {
  for (const s of stats ?? []) if (s.type === 'inbound-rtp' && s.kind === 'video') return s;
  return undefined;
}

/** Figures from this report, with rates over the interval since `prev` (the report of the previous call, or null). */
export function streamFigures(prev: Iterable<Stat> | null, report: Iterable<Stat>): StreamFigures | null {
  const all = [...report];
  const now = inbound(all);
  if (!now) return null;
  const before = inbound(prev);
  const seconds = before ? ((n(now.timestamp) ?? 0) - (n(before.timestamp) ?? 0)) / 1000 : 0;
  const rate = (key: string) => (before && seconds > 0 ? ((n(now[key]) ?? 0) - (n(before[key]) ?? 0)) / seconds : null);
  const frames = rate('framesDecoded');
  const bytes = rate('bytesReceived');
  const codec = all.find((s) => s.type === 'codec' && s.id === now.codecId);
  const pair = all.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
  const rtt = n(pair?.currentRoundTripTime);
  return {
    width: n(now.frameWidth) ?? 0,
    height: n(now.frameHeight) ?? 0,
    fps: n(now.framesPerSecond) ?? (frames === null ? null : Math.round(frames)),
    kbps: bytes === null ? null : Math.round((bytes * 8) / 1000),
    rttMs: rtt === null ? null : Math.round(rtt * 1000),
    codec: typeof codec?.mimeType === 'string' ? codec.mimeType.replace(/^video\//i, '') : null,
  };
}

const DASH = '–';
const oneDecimal = (n: number) => new Intl.NumberFormat(currentLanguage(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);

/** Label and value pairs, in the order the console shows them. */
export function formatFigures(f: StreamFigures): [string, string][] {
  return [
    [t('figures.fps'), f.fps === null ? DASH : `${Math.round(f.fps)} fps`],
    [t('figures.resolution'), f.width && f.height ? `${f.width} × ${f.height}` : DASH],
    [t('figures.bitrate'), f.kbps === null ? DASH : f.kbps >= 1000 ? `${oneDecimal(f.kbps / 1000)} Mbit/s` : `${f.kbps} kbit/s`],
    [t('figures.rtt'), f.rttMs === null ? DASH : `${f.rttMs} ms`],
    [t('figures.codec'), f.codec ?? DASH],
  ];
}
