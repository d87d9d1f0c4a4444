/** ISO 639-1 code of the text's language. (Stub: replaced by the metadata work.) */
export function detectLanguage(text: string, declared?: string | null): string {
  void text;
  return declared && /^[a-z]{2}/i.test(declared) ? declared.slice(0, 2).toLowerCase() : 'en';
}
