import { describe, expect, it } from 'vitest';
import { buildTraces } from './build-traces.js';
import { parseSpanLines } from './read-span-lines.js';
import { renderHtml } from './render-html.js';

describe('renderHtml', () => {
  it('embeds names that look like markup so they cannot end the script or inject tags', () => {
    const line = JSON.stringify({
      trace_id: 't1',
      span_id: 's1',
      name: '</script><img src=x onerror=alert(1)>\u2028',
      start: '2026-01-01T00:00:00Z',
      end: '2026-01-01T00:00:01Z',
    });
    const html = renderHtml(buildTraces(parseSpanLines(line).spans), { title: '<b>t</b>' });
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain('<img');
    expect(html).toContain('<title>&#60;b&#62;t&#60;/b&#62;</title>');
    const json = /<script type="application\/json" id="trace-data">(.*)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(json)[0].rows[0].name).toBe('</script><img src=x onerror=alert(1)>\u2028');
  });

  it('is self-contained: no external scripts, styles or images', () => {
    const html = renderHtml([]);
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).toContain('<script type="application/json" id="trace-data">[]</script>');
  });
});
