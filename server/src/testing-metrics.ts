import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export type Families = ReturnType<typeof parsePrometheusTextFormat>;

/** GET /metrics, parsed by a Prometheus text-format parser (not by our own code): throws unless 200. */
export async function scrape(baseUrl: string, token?: string): Promise<Families> {
  const res = await fetch(`${baseUrl}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const text = await res.text();
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}: ${text}`);
  if (!res.headers.get('content-type')?.startsWith('text/plain')) throw new Error(`/metrics is ${res.headers.get('content-type')}`);
  return parsePrometheusTextFormat(text);
}

/** The sum of a counter's or gauge's samples whose labels include `labels` (0 when there are none); a histogram's count. */
export function sample(families: Families, name: string, labels: Record<string, string> = {}): number {
  const family = families.find((f) => f.name === name);
  if (!family) throw new Error(`no metric ${name}`);
  return family.metrics
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
    .reduce((sum, m) => sum + Number(m.value ?? m.count ?? 0), 0);
}
