/** Standoff annotation: UTF-16 offsets into a document's cleaned text, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface TextSpan extends Span {
  text: string;
}

export function spanText(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}
