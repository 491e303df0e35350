let context: AudioContext | null = null;

/**
 * The nudge's audible alert: a short WebAudio beep. Resolves true once the
 * oscillator has started in a running AudioContext (the page had a click
 * earlier, so the browser lets it sound).
 */
export async function playAlert(): Promise<boolean> {
  const Ctor = globalThis.AudioContext;
  if (!Ctor) return false;
  context ??= new Ctor();
  if (context.state === 'suspended') await context.resume().catch(() => {});
  if (context.state !== 'running') return false;
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.type = 'sine';
  oscillator.frequency.value = 880;
  gain.gain.setValueAtTime(0.2, context.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + 0.4);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start();
  oscillator.stop(context.currentTime + 0.4);
  return true;
}
