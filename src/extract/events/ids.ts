import { contentId } from '../../model/ids.js';

/**
 * Content-addressed event id: the document id, the trigger's offsets, the type (and the time value when one trigger
 * yields one event per date). Same input, same id, on every run and machine.
 */
export function eventId(docId: string, start: number, end: number, type: string, timeValue: string | null = null): string {
  return timeValue === null
    ? contentId('evt', docId, String(start), String(end), type)
    : contentId('evt', docId, String(start), String(end), type, timeValue);
}
