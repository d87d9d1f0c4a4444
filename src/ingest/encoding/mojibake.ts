import type { Repair } from '../../model/document.js';

export interface RepairResult {
  text: string;
  repairs: Repair[];
}

/** Repairs mojibake inside Unicode text. (Stub: replaced by the encoding work.) */
export function repairMojibake(text: string): RepairResult {
  return { text, repairs: [] };
}
