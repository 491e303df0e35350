import fc from 'fast-check';
import { asJsonText, hostileText, hostileValue, VALID } from '@rs/protocol/fuzz-values';
import { REST_ROUTES, type RestInput } from './fuzz-drivers.ts';

/** Path parameters an attacker would try: malformed `%` escapes, NUL, traversal, prototype names, very long ones. */
const hostileParam = fc.oneof(
  fc.constantFrom('%', '%E0%A4%A', '%zz', '%00', '..', '%2e%2e', '__proto__', 'constructor', 'toString', 'x'.repeat(3000), '%F0%9F', '%ED%A0%80', 'session_0001'),
  fc.string({ unit: 'binary', maxLength: 30 }).map(encodeURIComponent),
);
const hostileQuery = fc.constantFrom('', '', '?limit[toString]=1', '?limit=1e309&limit=2', '?__proto__[x]=1', '?path=%', '?expires[valueOf]=1&signature[]=x', `?q=${'a'.repeat(5000)}`);

const malformed = (param: string) => {
  try {
    decodeURIComponent(param);
    return false;
  } catch {
    return true;
  }
};

/** REST requests: every route, hostile params, queries and JSON bodies (some with the admin's token, to get past sign-in). */
export const restInputs = (adminToken: string): fc.Arbitrary<RestInput> =>
  fc
    .tuple(fc.constantFrom(...REST_ROUTES), fc.array(hostileParam, { minLength: 4, maxLength: 4 }), hostileQuery, hostileValue, fc.boolean())
    .map(([[method, template], params, query, body, signedIn]) => {
      let i = 0;
      const used: string[] = [];
      const path = template.replace(/:[A-Za-z]+/g, () => {
        used.push(params[i]!);
        return params[i++]!;
      }) + query;
      const text = asJsonText(body);
      return {
        method,
        path,
        route: template,
        malformedPercent: used.some(malformed),
        // Bodies over the parser's limit are answered 413; keep most under it so the schemas are reached.
        body: method === 'GET' || method === 'DELETE' ? undefined : text.length > 200_000 ? text.slice(0, 200_000) : text,
        token: signedIn ? adminToken : undefined,
      };
    });

/** Live-socket frames and PeerJS frames, for the drivers. */
export const liveFrames = hostileText(VALID.client);
export const peerjsFrames = hostileText(VALID.peerjs);

/** An endless stream of generated inputs (fast-check's sampler, seeded so a run can be repeated). */
export function* stream<T>(arb: fc.Arbitrary<T>, count: number, seed = 42): Generator<T> {
  const chunk = 2000;
  for (let done = 0; done < count; done += chunk) {
    yield* fc.sample(arb, { numRuns: Math.min(chunk, count - done), seed: seed + done });
  }
}
