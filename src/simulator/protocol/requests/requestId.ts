/** The many small requests whose only field of interest is the id right after their version field. */
import type { FieldReader } from '../fields.js';

export function readIdAfterVersion(r: FieldReader): number {
  r.int(); // version
  return r.int();
}
