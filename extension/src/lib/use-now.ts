import { useEffect, useState } from 'preact/hooks';

/** The local clock, re-read every `intervalMs` so that durations on screen stay live. */
export function useNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
