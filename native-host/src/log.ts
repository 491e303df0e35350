import { appendFileSync } from 'node:fs';

/** Logs go to stderr (Chromium passes it through) and, if ORS_HOST_LOG names a file, there too. Never stdout. */
export function createLogger(file = process.env.ORS_HOST_LOG): (line: string) => void {
  return (line) => {
    const text = `${new Date().toISOString()} host[${process.pid}] ${line}\n`;
    process.stderr.write(text);
    if (file) {
      try {
        appendFileSync(file, text);
      } catch {
        // A log that cannot be written must not stop the host.
      }
    }
  };
}
