import { describe, expect, it } from 'vitest';
import { externalMatches } from './external-matches.ts';

describe('externalMatches', () => {
  it('matches the server host on any port', () => {
    expect(externalMatches('https://help.example.com:8443/support')).toEqual(['https://help.example.com/*']);
  });
  it('covers both loopback names', () => {
    expect(externalMatches('http://localhost:8080')).toEqual(['http://localhost/*', 'http://127.0.0.1/*']);
  });
});
