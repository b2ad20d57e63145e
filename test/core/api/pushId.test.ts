/** Push ids: the contract's fresh uuid per push, made cheaply; every one well-formed and none repeated. */
import { describe, expect, it } from 'vitest';
import { pushId } from '../../../src/core/api/ws/pushId.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('pushId', () => {
  it('makes well-formed version-4 uuids, none repeated across many renewals of the random part', () => {
    const ids = Array.from({ length: 100_000 }, pushId);
    expect(ids.filter((id) => !UUID_V4.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
