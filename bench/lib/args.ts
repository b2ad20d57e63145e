/** Command-line flags of `npm run bench` and `npm run soak`. Unknown flags are an error, not silently ignored. */
export interface BenchArgs {
  quick: boolean;
  only: string[];
  minutes: number;
  seed: number;
}

export function parseArgs(argv: readonly string[], allowed: readonly string[]): BenchArgs {
  const out: BenchArgs = { quick: false, only: [], minutes: 10, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (!allowed.includes(a.split('=')[0]!)) throw new Error(`unknown flag ${a}; allowed: ${allowed.join(' ')}`);
    const [flag, inline] = a.split('=') as [string, string | undefined];
    const v = (): string => inline ?? value();
    if (flag === '--quick') out.quick = true;
    else if (flag === '--only') out.only.push(...v().split(','));
    else if (flag === '--minutes') out.minutes = Number(v());
    else if (flag === '--seed') out.seed = Number(v());
  }
  if (!(out.minutes > 0 && out.minutes <= 24 * 60)) throw new Error('--minutes must be a number from 0 to 1440');
  if (!Number.isInteger(out.seed)) throw new Error('--seed must be an integer');
  return out;
}
