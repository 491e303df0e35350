import { config } from 'zod';

/**
 * Import first (before anything that builds schemas) on a page served under a
 * CSP without 'unsafe-eval', such as the web chat. zod probes `new Function`
 * once to compile fast object parsers; the CSP blocks that probe and the page
 * reports it as a violation. Without code generation zod parses the same way,
 * a little slower. It must run before schemas are built: each decides when it
 * is created.
 */
config({ jitless: true });
