// Parses an expression into a tree with jsep (no eval, no new Function). Adds what jsep lacks for
// our expression language: object literals, `typeof`, `undefined`; refuses statements.
import jsep from 'jsep';
import { ExpressionError } from './errors';

export type Node = jsep.Expression;

export interface ObjectProperty {
  key: string;
  value: Node;
}

let configured = false;

function configure(): void {
  if (configured) return;
  configured = true;
  jsep.addUnaryOp('typeof');
  jsep.addLiteral('undefined', undefined as unknown as null);
  // Object literals: { a: 1, 'b c': x, d } (jsep's core has only arrays).
  jsep.hooks.add('gobble-token', function gobbleObject(env) {
    const p = this as unknown as {
      code: number; index: number; expr: string; char: string;
      gobbleSpaces(): void; gobbleExpression(): Node; gobbleIdentifier(): { name: string };
      gobbleStringLiteral(): { value: string }; gobbleNumericLiteral(): { value: number };
      gobbleTokenProperty(n: Node): Node; throwError(m: string): never;
    };
    const code = (): number => p.code;
    if (code() !== 123) return; // {
    p.index++;
    const properties: ObjectProperty[] = [];
    for (;;) {
      p.gobbleSpaces();
      if (code() === 125) { // }
        p.index++;
        break;
      }
      let key: string;
      let shorthand = false;
      if (code() === 34 || code() === 39) key = p.gobbleStringLiteral().value;
      else if (code() >= 48 && code() <= 57) key = String(p.gobbleNumericLiteral().value);
      else {
        key = p.gobbleIdentifier().name;
        shorthand = true;
      }
      p.gobbleSpaces();
      let value: Node;
      if (code() === 58) { // :
        p.index++;
        value = p.gobbleExpression();
        if (!value) p.throwError('Expected a value after ":"');
      } else if (shorthand) value = { type: 'Identifier', name: key } as Node;
      else p.throwError('Expected ":"');
      properties.push({ key, value: value! });
      p.gobbleSpaces();
      if (code() === 44) { p.index++; continue; } // ,
      if (code() === 125) { p.index++; break; }
      p.throwError('Expected "," or "}" in an object');
    }
    env.node = p.gobbleTokenProperty({ type: 'ObjectExpression', properties } as unknown as Node);
  });
}

const cache = new Map<string, Node>();

/** Parses once per distinct source (the tree is immutable and shared). */
export function parse(source: string): Node {
  let node = cache.get(source);
  if (node) return node;
  configure();
  if (source.trim().length === 0) throw new ExpressionError('The expression is empty.');
  try {
    node = jsep(source.trim().replace(/;+\s*$/, ''));
  } catch (e) {
    throw new ExpressionError(`The expression is not valid: ${(e as Error).message}`);
  }
  if (node.type === 'Compound') throw new ExpressionError('The expression is not valid: only one expression is allowed here (no statements).');
  if (cache.size > 2000) cache.clear();
  cache.set(source, node);
  return node;
}
