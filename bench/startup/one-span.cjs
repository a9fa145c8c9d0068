// The one-span program the start-up benchmark runs under each register variant.
const { trace } = require('@opentelemetry/api');

const span = trace.getTracer('startup-bench').startSpan('spawn.bench.one');
span.setAttribute('spawn.job_array_index', 0);
span.end();
