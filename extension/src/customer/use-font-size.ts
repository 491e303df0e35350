import { useEffect, useRef, useState } from 'preact/hooks';
import { DEFAULT_FONT_SIZE, loadFontSize, saveFontSize, stepFontSize } from '../lib/local-db.ts';

/** The chat's font size, remembered in the browser (IndexedDB through Dexie). */
export function useFontSize(): { size: number; step: (direction: 1 | -1) => void } {
  const [size, setSize] = useState(DEFAULT_FONT_SIZE);
  const current = useRef(size);
  current.current = size;
  useEffect(() => {
    void loadFontSize().then(setSize);
  }, []);
  function step(direction: 1 | -1): void {
    const next = stepFontSize(current.current, direction);
    current.current = next;
    setSize(next);
    void saveFontSize(next).catch((error: unknown) => console.warn('could not remember the font size', error));
  }
  return { size, step };
}
