/** Reading (never verifying) a session token: the client only needs to know when to renew it. */
import { decodeBase64Url } from '../runtime.js';

/** When the JWT stops being valid (epoch ms, from its `exp` claim), or undefined when it cannot be read. */
export function tokenExpiresAt(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  const json = decodeBase64Url(payload);
  if (json === null) return undefined;
  try {
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
