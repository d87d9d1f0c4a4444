/** Time expressions: see extract.ts (pipeline entry), anchor.ts (anchoring helpers), lang/<lang>/times.json (data). */
export { extractTimes, extractTimeDetails, resolveTimeExpression, mentionValue, roughSentences } from './extract.js';
export type { TimeDetail, TimeMentionOut, TimeOptions } from './extract.js';
export { placeYear, resolveSpec, shiftPoint, toPoint, anchorPoint, periodValue } from './anchor.js';
export type { AnchorContext, Resolved } from './anchor.js';
