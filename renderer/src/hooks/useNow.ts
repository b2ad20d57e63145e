import { useEffect, useState } from 'react';

/** Re-renders every `intervalMs` so uptimes and "ago" texts move without any new event. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
