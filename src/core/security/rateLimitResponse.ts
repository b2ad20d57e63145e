/**
 * The 429 reply both limiters share: the contract's flat envelope, a sentence with the wait, and Retry-After
 * (express-rate-limit sets the header itself; the sentence repeats it for humans).
 */
import type { Request, Response } from 'express';

export function rateLimitedHandler(what: string) {
  return (_req: Request, res: Response): void => {
    const header = res.getHeader('Retry-After');
    const seconds = Number(header);
    const wait = Number.isFinite(seconds) && seconds > 0 ? ` in ${seconds} second${seconds === 1 ? '' : 's'}` : ' later';
    res.status(429).json({ success: false, message: `${what}; try again${wait}.` });
  };
}
