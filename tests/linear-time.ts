/**
 * Growth of CPU time from a 10 kB input to a 100 kB one: about 10 for linear work, about 100 for
 * quadratic. CPU time, unlike wall time, does not grow when other processes take the cores.
 */

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** CPU microseconds per call of `run`, over one batch of at least 2 ms. */
function microsPerRun(run: () => void): number {
  const started = cpuMicros();
  let runs = 0;
  do {
    run();
    runs++;
  } while (cpuMicros() - started < 2000 && runs < 2000);
  return (cpuMicros() - started) / runs;
}

/**
 * How much longer `run` takes on `large` than on `small`. A ratio over the limit is measured
 * again, up to five times: the process's CPU time includes V8's compiler and collector threads,
 * whose bursts can land in one batch.
 * Quadratic work stays near 100 on every try.
 */
export function growthRatio(run: (input: string) => void, small: string, large: string, limit = 30): number {
  let best = Infinity;
  for (let attempt = 0; attempt < 5 && best >= limit; attempt++) {
    best = Math.min(best, microsPerRun(() => run(large)) / Math.max(microsPerRun(() => run(small)), 0.01));
  }
  return best;
}

/** `unit` repeated to about `size` characters, then a character that makes a match fail. */
export function repeated(unit: string, size: number, suffix = '!\n'): string {
  return unit.repeat(Math.ceil(size / unit.length)) + suffix;
}
