/** Reading and writing dotted paths ("ibkr.paper.port") in plain settings objects, without mutating them. */

export type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

export function getAt(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (!isPlain(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** A copy of `obj` with `value` at `path`; `undefined` removes the key (optional settings). */
export function setAt(obj: Plain, path: string, value: unknown): Plain {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const copy: Plain = { ...obj };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  const child = isPlain(obj[head]) ? (obj[head] as Plain) : {};
  const next = setAt(child, rest.join('.'), value);
  // An optional group left empty (trading.riskChecks) is removed rather than stored as {}.
  if (value === undefined && Object.keys(next).length === 0) delete copy[head];
  else copy[head] = next;
  return copy;
}

/** Every leaf path of a settings object; arrays count as leaves (lists are edited as a whole). */
export function leafPaths(obj: unknown, prefix = ''): string[] {
  if (!isPlain(obj)) return prefix ? [prefix] : [];
  return Object.entries(obj).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}
