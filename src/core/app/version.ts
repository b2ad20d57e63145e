/** The product version from package.json (src/core/app → ../../../package.json; the same from dist/core/app). */
import fs from 'node:fs';

export function productVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
