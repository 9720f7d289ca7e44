// Server-sent events as the tests read them from a fetch body.
export interface SseEvent { event: string; data: unknown }

/** The complete events at the front of a stream's text (each ends with a blank line), and the rest. */
export function takeEvents(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  let rest = buffer;
  let end: number;
  while ((end = rest.indexOf('\n\n')) >= 0) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    const event = /^event: (.+)$/m.exec(block)?.[1];
    const data = /^data: (.+)$/m.exec(block)?.[1];
    if (event && data) events.push({ event, data: JSON.parse(data) as unknown });
  }
  return { events, rest };
}
