/**
 * Where the headless proxy finds the web console it serves on `/`: the Vite build of renderer/ in the checkout's
 * dist-renderer/ (build/run-cli.mjs builds it when it is missing or older than renderer/). Two folders up from
 * both src/cli/ (tsx) and dist/cli/ (the compiled entry points and their shared chunk).
 */
import { fileURLToPath } from 'node:url';

export const CONSOLE_DIR = fileURLToPath(new URL('../../dist-renderer', import.meta.url));
