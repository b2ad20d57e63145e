/** Recent IB errors and warnings, newest first, each code explained in words. */
import { useEffect, useState } from 'react';
import type { IBKRError } from '../../../src/common/contract';
import { api } from '../api';
import { formatClock } from '../format';
import { explainIbCode } from './ibErrorWords';

const KEEP = 50;

export function IbErrorsList() {
  const [errors, setErrors] = useState<IBKRError[]>([]);
  useEffect(() => {
    let live = true;
    const off = api().onIbError((e) => setErrors((prev) => [...prev, e].slice(-KEEP)));
    api()
      .recentErrors(KEEP)
      .then((list) => live && setErrors((prev) => [...list, ...prev.filter((p) => p.timestamp > (list.at(-1)?.timestamp ?? ''))].slice(-KEEP)))
      .catch(() => undefined);
    return () => {
      live = false;
      off();
    };
  }, []);

  if (errors.length === 0) return <p className="empty">No errors or warnings from TWS.</p>;
  return (
    <ul className="ib-errors" data-testid="ib-errors">
      {[...errors].reverse().map((e, i) => (
        <li key={`${e.timestamp}-${e.code}-${i}`} className={`sev-${e.severity}`}>
          <span className="time">{formatClock(e.timestamp)}</span>
          <span className={`pill sev-${e.severity}`}>{e.severity}</span>
          <span className="code">{e.code}</span>
          <span className="words">{explainIbCode(e.code)}</span>
          <span className="muted tws-message">TWS: {e.message}</span>
        </li>
      ))}
    </ul>
  );
}
