/** Order statuses grouped by what they mean for the trader: still working, done, or gone wrong. */
import type { OrderStatus } from '../../../src/common/contract';

export function orderStatusTone(status: OrderStatus): 'ok' | 'warn' | 'bad' | 'off' {
  switch (status) {
    case 'Filled':
      return 'ok';
    case 'Submitted':
    case 'PreSubmitted':
    case 'PendingSubmit':
    case 'PartiallyFilled':
    case 'PendingCancel':
      return 'warn';
    case 'Inactive':
    case 'Unknown':
      return 'bad';
    default:
      return 'off';
  }
}
