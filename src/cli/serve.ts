/**
 * `npm run serve`: the proxy headless, configured by .env and the environment, connecting to TWS / IB Gateway.
 */
import { GatewayService } from '../core/gateway/index.js';
import { runProxy } from './runProxy.js';

await runProxy({ mode: 'headless', createGateway: (options) => new GatewayService(options) });
