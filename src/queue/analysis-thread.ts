/**
 * A worker thread of the queue worker's analysis pool (analysis-pool.ts): analyses one source item per message.
 * Analysis is pure CPU work; threads let one worker process use several cores.
 */
import { parentPort } from 'node:worker_threads';
import { toAnalysis } from '../model/doc.js';
import { analyzeItem } from '../pipeline/pipeline.js';
import type { AnalysisReply, AnalysisRequest } from './analysis-pool.js';

const port = parentPort;
if (!port) throw new Error('sitrep: queue/analysis-thread.js runs as a worker thread only');

port.on('message', (request: AnalysisRequest) => {
  let reply: AnalysisReply;
  try {
    reply = { id: request.id, analysis: toAnalysis(analyzeItem(request.item)) };
  } catch (err) {
    reply = { id: request.id, error: (err as Error)?.message ?? String(err) };
  }
  port.postMessage(reply);
});
