/**
 * Loopback: where the proxy listens by default and may always listen, because only this machine can connect.
 * Anywhere else needs TLS and an explicit list of host names (settingsSchema.ts), and sends HSTS.
 */
export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'] as const;

export function isLoopbackHost(host: string): boolean {
  return (LOOPBACK_HOSTS as readonly string[]).includes(host);
}
