/** Words for the trading profile in log lines (LIVE in capitals: it trades real money). */
export function modeWordsFor(mode: 'live' | 'paper'): string {
  return mode === 'live' ? 'LIVE' : 'paper';
}
