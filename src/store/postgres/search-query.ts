/**
 * sitrep's search language, as the SQLite store reads it through FTS5 (words, "quoted phrases", AND/OR/NOT with
 * NOT binding tightest, then AND (also implicit between terms), then OR; parentheses; prefix*), compiled to a
 * PostgreSQL `tsquery` expression. User text never reaches `to_tsquery` syntax: every phrase or word goes in as a
 * bind parameter to `phraseto_tsquery` (which reads no operators); only a prefix word, checked to be letters and
 * digits alone, is quoted into `to_tsquery(... ':*')`. Words with hyphens or apostrophes search as written (a
 * phrase), as in the SQLite store. Malformed queries get the same plain-words messages.
 */
import { QueryError } from '../store.js';

type Node =
  | { kind: 'phrase'; text: string }
  | { kind: 'prefix'; word: string }
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; left: Node; right: Node };

type Token = { t: 'phrase'; text: string; quoted: boolean } | { t: 'op'; op: 'AND' | 'OR' | 'NOT' } | { t: '(' } | { t: ')' } | { t: 'end' };

const WORD = /^[\p{L}\p{N}_]+$/u;

function tokenize(query: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= query.length) throw new Error('a quotation mark is not closed');
        if (query[j] === '"') {
          if (query[j + 1] === '"') {
            text += '"';
            j += 2;
            continue;
          }
          break;
        }
        text += query[j];
        j++;
      }
      out.push({ t: 'phrase', text, quoted: true });
      i = j + 1;
    } else if (c === '(' || c === ')') {
      out.push({ t: c });
      i++;
    } else {
      let j = i;
      while (j < query.length && !/[\s"()]/.test(query[j]!)) j++;
      const word = query.slice(i, j);
      if (word === 'AND' || word === 'OR' || word === 'NOT') out.push({ t: 'op', op: word });
      else out.push({ t: 'phrase', text: word, quoted: false });
      i = j;
    }
  }
  out.push({ t: 'end' });
  return out;
}

/** Parses a query into a tree; throws QueryError with the reason in plain words. */
export function parseSearchQuery(query: string): Node {
  let tokens: Token[];
  try {
    tokens = tokenize(query);
  } catch (err) {
    throw new QueryError(`malformed search query '${query}': ${(err as Error).message}`);
  }
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const fail = (why: string): never => {
    throw new QueryError(`malformed search query '${query}': ${why}`);
  };
  const unexpected = (tok: Token): never => {
    if (tok.t === 'end') return fail('the query ends with an operator (AND, OR, NOT) that needs a word after it');
    if (tok.t === 'op') return fail('an operator (AND, OR, NOT) needs a word on each side');
    return fail(tok.t === ')' ? 'a closing parenthesis has no opening one' : 'unexpected text');
  };

  const primary = (): Node => {
    const tok = peek();
    if (tok.t === 'phrase') {
      pos++;
      if (!tok.quoted && tok.text.endsWith('*') && WORD.test(tok.text.slice(0, -1))) return { kind: 'prefix', word: tok.text.slice(0, -1) };
      return { kind: 'phrase', text: tok.text };
    }
    if (tok.t === '(') {
      pos++;
      const inner = orExpr();
      if (peek().t !== ')') {
        if (peek().t === 'end') fail('a parenthesis is not closed');
        unexpected(peek());
      }
      pos++;
      return inner;
    }
    return unexpected(tok);
  };
  const notExpr = (): Node => {
    let left = primary();
    while (peek().t === 'op' && (peek() as { op: string }).op === 'NOT') {
      pos++;
      left = { kind: 'not', left, right: primary() };
    }
    return left;
  };
  const andExpr = (): Node => {
    let left = notExpr();
    for (;;) {
      const tok = peek();
      if (tok.t === 'op' && tok.op === 'AND') {
        pos++;
        left = { kind: 'and', left, right: notExpr() };
      } else if (tok.t === 'phrase' || tok.t === '(') {
        left = { kind: 'and', left, right: notExpr() };
      } else return left;
    }
  };
  const orExpr = (): Node => {
    let left = andExpr();
    while (peek().t === 'op' && (peek() as { op: string }).op === 'OR') {
      pos++;
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  };

  if (peek().t === 'end') fail('empty search query');
  const tree = orExpr();
  if (peek().t !== 'end') unexpected(peek());
  return tree;
}

/**
 * A `tsquery` SQL expression for a query, with its bind values appended to `params` (placeholders numbered
 * after what `params` already holds). `config` is a trusted regconfig literal.
 */
export function tsqueryExpression(query: string, params: unknown[], config = "'sitrep_english'::regconfig"): string {
  const tree = parseSearchQuery(query);
  const bind = (v: string): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const emit = (n: Node): string => {
    switch (n.kind) {
      case 'phrase':
        return `phraseto_tsquery(${config}, sitrep_fold(${bind(n.text)}::text))`;
      case 'prefix':
        // A prefix word is letters, digits and underscores only (checked by the parser): nothing to escape.
        return `to_tsquery(${config}, '''' || sitrep_fold(${bind(n.word)}::text) || ''':*')`;
      case 'and':
        return `(${emit(n.left)} && ${emit(n.right)})`;
      case 'or':
        return `(${emit(n.left)} || ${emit(n.right)})`;
      case 'not':
        return `(${emit(n.left)} && !!${emit(n.right)})`;
    }
  };
  return emit(tree);
}
