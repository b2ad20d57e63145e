import { useEffect, useState } from 'react';
import type { TrafficSample } from '../../../src/common/ipc';
import { api } from '../api';

/** Samples kept for the chart: five minutes at one sample per second. */
export const TRAFFIC_WINDOW = 300;

/** Traffic history (oldest first) plus every pushed sample, trimmed to the chart window. */
export function useTraffic(): TrafficSample[] {
  const [samples, setSamples] = useState<TrafficSample[]>([]);
  useEffect(() => {
    let live = true;
    const off = api().onTraffic((s) => setSamples((prev) => [...prev, s].slice(-TRAFFIC_WINDOW)));
    api()
      .trafficHistory()
      .then((history) => {
        if (!live) return;
        // Pushed samples may have arrived first; keep the ones newer than the history's last.
        setSamples((prev) => {
          const last = history.at(-1)?.at ?? '';
          return [...history, ...prev.filter((s) => s.at > last)].slice(-TRAFFIC_WINDOW);
        });
      })
      .catch(() => undefined);
    return () => {
      live = false;
      off();
    };
  }, []);
  return samples;
}
