/**
 * Field conventions of the TWS text protocol: everything travels as ASCII text, "" means "not set" for any type,
 * and Integer.MAX / Double.MAX are the explicit "unset" markers real TWS writes into order and commission fields.
 */

export const UNSET_INT = '2147483647';
export const UNSET_DOUBLE = '1.7976931348623157E308';

export type Field = string | number | boolean | null | undefined;

/** Formats one field the way the reference client and TWS do: numbers via toString, booleans as 1/0, nothing as "". */
export function formatField(value: Field): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return String(value);
  }
  return value;
}

/** Joins fields into a message body with the NUL terminator after every field (including the last). */
export function joinFields(fields: readonly Field[]): string {
  let body = '';
  for (const f of fields) body += formatField(f) + '\0';
  return body;
}

/** Error raised while reading a request; the session turns it into TWS error 320 (reading) or 321 (validating). */
export class RequestParseError extends Error {
  constructor(
    message: string,
    readonly kind: 'read' | 'validate' = 'read',
  ) {
    super(message);
  }
}

/** Sequential reader over one request's fields, tolerant of "" like TWS is (stoqey sends "" for most unset values). */
export class FieldReader {
  private index = 0;

  constructor(private readonly fields: readonly string[]) {}

  get remaining(): number {
    return this.fields.length - this.index;
  }

  get position(): number {
    return this.index;
  }

  str(): string {
    if (this.index >= this.fields.length) throw new RequestParseError(`message ends early at field ${this.index}`);
    return this.fields[this.index++] as string;
  }

  /** Integer, "" → undefined; Integer.MAX → undefined. */
  intOpt(): number | undefined {
    const token = this.str().trim();
    if (token === '' || token === UNSET_INT) return undefined;
    const value = Number(token);
    if (!Number.isInteger(value)) throw new RequestParseError(`field ${this.index - 1} is not an integer: '${token}'`);
    return value;
  }

  int(fallback = 0): number {
    return this.intOpt() ?? fallback;
  }

  /** Double, "" → undefined; Double.MAX → undefined. */
  doubleOpt(): number | undefined {
    const token = this.str().trim();
    if (token === '') return undefined;
    const value = Number(token.replaceAll(',', ''));
    if (Number.isNaN(value)) throw new RequestParseError(`field ${this.index - 1} is not a number: '${token}'`);
    if (value >= Number.MAX_VALUE || !Number.isFinite(value)) return undefined;
    return value;
  }

  double(fallback = 0): number {
    return this.doubleOpt() ?? fallback;
  }

  /** Booleans arrive as 1/0 (or true/false from some clients); "" is false. */
  bool(): boolean {
    const token = this.str().trim().toLowerCase();
    if (token === '' || token === '0' || token === 'false') return false;
    if (token === '1' || token === 'true') return true;
    const n = Number(token);
    if (Number.isNaN(n)) throw new RequestParseError(`field ${this.index - 1} is not a boolean: '${token}'`);
    return n !== 0;
  }

  skip(count: number): void {
    for (let i = 0; i < count; i++) this.str();
  }

  /** Throws if fields are left over: a request longer than its layout means the client and we disagree on the version. */
  expectEnd(what: string): void {
    if (this.index < this.fields.length) {
      throw new RequestParseError(`${what}: ${this.fields.length - this.index} unexpected trailing field(s)`);
    }
  }
}
