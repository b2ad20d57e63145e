/**
 * Imported first by main.tsx, before any module that defines a zod schema: zod compiles fast parsers with
 * `new Function` where eval is allowed and probes for it when a schema is made. The CSP forbids eval, and the
 * probe alone would be reported as a violation, so zod is told to parse without it before the first schema.
 */
import { z } from 'zod';

z.config({ jitless: true });
