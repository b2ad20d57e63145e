/** The simulator's market: catalogue, seeded price model, historical bars. */
export { createMarket } from './market.js';
export { InstrumentCatalogue } from './catalogue.js';
export { Random, mixSeed } from './random.js';
export { formatEasternDate, formatEasternDateTime, formatEasternHourMinute, parseTwsDateTime } from './easternTime.js';
export * from './types.js';
export {
  formatVenueInstant,
  nextWorkingInstant,
  orderCanWork,
  phaseAt,
  timeZoneOf,
  workingSessionEnd,
  type MarketPhase,
  type Venue,
} from './tradingHours.js';
