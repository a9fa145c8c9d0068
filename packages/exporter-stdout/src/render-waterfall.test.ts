import { describe, expect, it } from 'vitest';
import { golden } from '../test/golden.js';
import { knownTrace } from '../test/known-trace.js';
import { buildTraces } from './build-traces.js';
import { parseSpanLines } from './read-span-lines.js';
import { renderTraces, renderWaterfall } from './render-waterfall.js';
import { formatSpanLine } from './span-line.js';

function trace() {
  const { spawn, spored } = knownTrace();
  const [only] = buildTraces(parseSpanLines([...spawn, ...spored].map(formatSpanLine).join('\n')).spans);
  return only!;
}

describe('renderWaterfall', () => {
  it('draws the golden tree for the known trace', () => {
    const text = renderWaterfall(trace(), { width: 110 });
    expect(text).toBe(golden('known-trace.txt', text));
  });

  it('fits the width it is given, truncating long names', () => {
    const text = renderWaterfall(trace(), { width: 60 });
    const rows = text.split('\n').filter((l) => l.includes('│'));
    for (const row of rows)
      expect(row.indexOf('│') + row.slice(row.indexOf('│') + 1).indexOf('│') + 2).toBeLessThanOrEqual(60);
  });

  it('colours errors red and orphans yellow only when asked', () => {
    const text = renderWaterfall(trace(), { color: true });
    expect(text).toContain('\u001b[31mSQS.SendMessage ✗\u001b[0m');
    expect(text).toContain('\u001b[33mupload results\u001b[0m');
    expect(renderTraces([trace(), trace()])).not.toContain('\u001b');
  });
});
