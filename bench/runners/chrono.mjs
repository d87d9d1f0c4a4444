// chrono-node over the same text: every date and time expression, one call per document, publication-free
// reference date (fixed, so runs compare).
import * as chrono from 'chrono-node';
import { runPeer } from '../lib/runner-common.mjs';

const ref = new Date('2024-06-01T12:00:00Z');
await runPeer('chrono', async () => ({
  process: (text) => chrono.parse(text, ref).length,
}));
