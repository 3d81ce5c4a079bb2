import type { EventName, EventPayload } from '../contract/events';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

/** The core's typed event bus; the shell forwards these to windows and the tray. */
export class CoreEvents {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        // A broken listener must not break the write that emitted the event.
        console.error(`listener for ${event} failed`, error);
      }
    }
  }
}
