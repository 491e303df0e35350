import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_FONT_SIZE, loadFontSize, saveFontSize, stepFontSize } from '../lib/local-db.ts';

/** The chat's font size, remembered in the browser (Dexie). */
export function useFontSize(): { size: number; step: (direction: 1 | -1) => void } {
  const [size, setSize] = useState(DEFAULT_FONT_SIZE);
  useEffect(() => {
    void loadFontSize().then(setSize);
  }, []);
  function step(direction: 1 | -1): void {
    setSize((current) => {
      const next = stepFontSize(current, direction);
      void saveFontSize(next).catch((error: unknown) => console.warn('could not remember the font size', error));
      return next;
    });
  }
  return { size, step };
}
