#!/usr/bin/env node
import { createReadStream, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildTraces, filterTraces, parseDurationMs } from './build-traces.js';
import { readSpanLines, type SpanRecord } from './read-span-lines.js';
import { renderHtml } from './render-html.js';
import { renderTraces } from './render-waterfall.js';

const USAGE = `Usage: spawn-trace [options] [FILE...]

Reads span JSON lines (from @spawn/tracing-exporter-stdout) from FILEs, or stdin when none is
given or FILE is "-", stitches spans of all inputs into traces and draws each as a waterfall.

Options:
  -t, --trace ID          only this trace (id or prefix; repeatable)
  -e, --errors            only traces with an error
  -d, --min-duration DUR  only traces lasting at least DUR (250ms, 1.5s, 2m; bare number = ms)
      --html FILE         also write a self-contained HTML page with the waterfall to FILE
  -w, --width N           line width (default: terminal width, else 100)
      --color, --no-color force colour on or off (default: on for a terminal unless NO_COLOR)
  -q, --quiet             do not print the waterfall (with --html)
  -h, --help              show this help
`;

// Past this many invalid lines per input (a log file given by mistake), only a count is printed.
const MAX_PROBLEMS = 20;

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`spawn-trace: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let minDurationMs: number | undefined;
  if (values['min-duration'] !== undefined) {
    minDurationMs = parseDurationMs(values['min-duration']);
    if (minDurationMs === undefined)
      return usageError(`--min-duration: not a duration: ${values['min-duration']}`);
  }
  let width: number | undefined;
  if (values.width !== undefined) {
    width = Number(values.width);
    if (!Number.isInteger(width) || width < 40)
      return usageError(`--width: expected an integer of at least 40, got ${values.width}`);
  }

  const spans: SpanRecord[] = [];
  let failed = false;
  const inputs = positionals.length === 0 ? ['-'] : positionals;
  for (const file of inputs) {
    const input = file === '-' ? process.stdin : createReadStream(file);
    const name = file === '-' ? '<stdin>' : file;
    try {
      const result = await readSpanLines(input, name);
      for (const span of result.spans) spans.push(span);
      for (const problem of result.problems.slice(0, MAX_PROBLEMS)) {
        process.stderr.write(`spawn-trace: ${problem.source}:${problem.line}: skipped: ${problem.message}\n`);
      }
      const more = result.problems.length - MAX_PROBLEMS;
      if (more > 0)
        process.stderr.write(
          `spawn-trace: ${name}: ${more} more invalid line${more === 1 ? '' : 's'} skipped\n`,
        );
    } catch (error) {
      process.stderr.write(`spawn-trace: cannot read ${name}: ${(error as Error).message}\n`);
      failed = true;
    }
  }

  const traces = filterTraces(buildTraces(spans), {
    traceIds: values.trace,
    errorsOnly: values.errors,
    minDurationMs,
  });
  if (values.html !== undefined) {
    try {
      writeFileSync(values.html, renderHtml(traces));
    } catch (error) {
      process.stderr.write(`spawn-trace: cannot write ${values.html}: ${(error as Error).message}\n`);
      return 1;
    }
  }
  if (!values.quiet) {
    const tty = Boolean(process.stdout.isTTY);
    const color = values['no-color'] ? false : values.color ? true : tty && !process.env.NO_COLOR;
    const text =
      traces.length === 0
        ? 'no traces\n'
        : renderTraces(traces, { color, width: width ?? (tty ? process.stdout.columns : undefined) });
    await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
  }
  return failed ? 1 : 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      trace: { type: 'string', short: 't', multiple: true },
      errors: { type: 'boolean', short: 'e' },
      'min-duration': { type: 'string', short: 'd' },
      html: { type: 'string' },
      width: { type: 'string', short: 'w' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function usageError(message: string): number {
  process.stderr.write(`spawn-trace: ${message}\n`);
  return 2;
}

// A closed stdout (`spawn-trace f | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`spawn-trace: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
