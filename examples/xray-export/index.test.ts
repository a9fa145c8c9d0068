import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { childEnv, startXRay } from '@spawn/test-support';
import { expect, it } from 'vitest';

it('sends a segment and a subsegment of one X-Ray trace', async () => {
  const xray = await startXRay();
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['index.mjs'], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      env: childEnv({ XRAY_ENDPOINT: xray.endpoint }),
    });
    const traceId = /trace ([0-9a-f]{32})/.exec(stdout)?.[1];
    expect(traceId).toBeDefined();
    const docs = xray.accepted();
    expect(docs).toHaveLength(2);
    const xrayTraceId = `1-${traceId!.slice(0, 8)}-${traceId!.slice(8)}`;
    for (const doc of docs) expect(doc.trace_id).toBe(xrayTraceId);
    const segment = docs.find((d) => d.type !== 'subsegment');
    const sub = docs.find((d) => d.type === 'subsegment');
    expect(segment?.name).toBe('spored');
    expect(sub?.parent_id).toBe(segment?.id);
    expect(segment?.annotations).toMatchObject({ spawn_instance_id: 'i-0abc1234567890def' });
    // The X-Ray id generator puts the current epoch seconds in the first 8 hex digits.
    expect(Math.abs(Number.parseInt(traceId!.slice(0, 8), 16) - Date.now() / 1000)).toBeLessThan(600);
  } finally {
    await xray.close();
  }
});
