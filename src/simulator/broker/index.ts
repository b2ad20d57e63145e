/** The simulator's broker: orders, fills, executions, positions, account values and P&L. */
export { Broker } from './broker.js';
export { orderCommission } from './commission.js';
export * from './types.js';
