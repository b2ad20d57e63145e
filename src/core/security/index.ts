export { isAllowedHost, hostGuard, HOST_REJECTED_MESSAGE } from './hostGuard.js';
export {
  isAllowedOrigin,
  ownOrigin,
  originGuard,
  corsMiddleware,
  normalizeOrigin,
  DESKTOP_RENDERER_ORIGINS,
  ORIGIN_REJECTED_MESSAGE,
} from './originPolicy.js';
export { loginRateLimit } from './loginRateLimit.js';
export type { LoginRateLimitOptions } from './loginRateLimit.js';
export { apiRateLimit } from './apiRateLimit.js';
export type { ApiRateLimitOptions } from './apiRateLimit.js';
export { securityHeaders } from './securityHeaders.js';
