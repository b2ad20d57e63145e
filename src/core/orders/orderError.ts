/**
 * A failure of the order desk itself (not of the gateway or TWS): a stable code, the HTTP status a transport should
 * answer with, and a sentence for the trader. The API turns it into its error reply like a GatewayError.
 */
export class OrderError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'OrderError';
  }
}
