/** A minimal typed listener list; `on` returns the function that unsubscribes. */
export class Emitter<T> {
  #listeners = new Set<(value: T) => void>();

  on(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(value);
      } catch (error) {
        // One broken subscriber must not stop the others (or the socket handler that emits).
        console.error('listener failed', error);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
