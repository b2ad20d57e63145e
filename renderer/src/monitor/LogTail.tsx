/** The last log lines, live, filterable by level (a level shows itself and everything more severe). */
import { useEffect, useId, useState } from 'react';
import type { LogLevelName, LogLine } from '../../../src/common/ipc';
import { api, transportKind } from '../api';
import { formatClock } from '../format';

const RANK: Record<LogLevelName, number> = { error: 0, warn: 1, info: 2, debug: 3 };
const KEEP = 200;

export function LogTail() {
  const [level, setLevel] = useState<LogLevelName>('info');
  const [lines, setLines] = useState<LogLine[]>([]);
  const selectId = useId();

  useEffect(() => {
    let live = true;
    setLines([]);
    const off = api().onLog((line) => {
      if (RANK[line.level] <= RANK[level]) setLines((prev) => [...prev, line].slice(-KEEP));
    });
    api()
      .recentLogs({ limit: KEEP, level })
      .then((list) => live && setLines((prev) => [...list, ...prev.filter((p) => p.time > (list.at(-1)?.time ?? ''))].slice(-KEEP)))
      .catch(() => undefined);
    return () => {
      live = false;
      off();
    };
  }, [level]);

  return (
    <div className="log-tail">
      <div className="log-toolbar">
        <label htmlFor={selectId}>Show</label>
        <select id={selectId} value={level} onChange={(e) => setLevel(e.target.value as LogLevelName)}>
          <option value="error">errors only</option>
          <option value="warn">warnings and errors</option>
          <option value="info">info and above</option>
          <option value="debug">everything (debug)</option>
        </select>
        {transportKind() === 'desktop' ? (
          <button type="button" className="small" onClick={() => void api().openLogsFolder()}>
            Open logs folder
          </button>
        ) : (
          // A browser cannot open a folder on the proxy's machine.
          <span className="hint">The log files are on the proxy&apos;s machine (LOG_FILE); the latest lines are here.</span>
        )}
      </div>
      <ol className="log-lines" data-testid="log-lines" aria-label="Log lines" tabIndex={0}>
        {lines.map((l, i) => (
          <li key={`${l.time}-${i}`} className={`log-${l.level}`}>
            <span className="time">{formatClock(l.time)}</span> <span className="level">{l.level.toUpperCase()}</span>{' '}
            {l.scope ? <span className="scope">[{l.scope}]</span> : null} {l.message}
          </li>
        ))}
      </ol>
    </div>
  );
}
