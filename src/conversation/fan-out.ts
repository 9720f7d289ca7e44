// Fan-out to live listeners (SSE streams) once a change has committed. A listener that throws is
// reported and skipped: the other listeners still hear the update, and the change, already on
// disk, is still answered (a failed answer would make a client send it again).
export interface FanOut<T> {
  publish(update: T): void;
  subscribe(listener: (update: T) => void): () => void;
  count(): number;
}

export type ListenerError = (err: unknown) => void;

export function createFanOut<T>(onError: ListenerError): FanOut<T> {
  const listeners = new Set<(update: T) => void>();
  return {
    publish(update) {
      // A copy: a listener may unsubscribe (its stream closed) while being told.
      for (const listener of [...listeners]) {
        try {
          listener(update);
        } catch (err) {
          onError(err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    count: () => listeners.size,
  };
}
