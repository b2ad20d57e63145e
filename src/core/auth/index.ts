export { AuthService, AuthError, durationToSeconds } from './authService.js';
export type { AuthServiceOptions, AuthInitResult, LoginResult, LoginMode, VerifiedToken } from './authService.js';
export { hashPassword, verifyPassword, safeEqual } from './passwordHash.js';
export { generateAccessToken, createAccessToken } from './accessToken.js';
