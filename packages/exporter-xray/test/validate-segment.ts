/**
 * X-Ray's rules for a segment document, written from AWS's segment document schema 1.0 and the
 * X-Ray developer guide (used by the tests only; a fresh clone has no copy of the schema): the
 * schema's required fields and formats, plus the limits the service enforces on top: 64 KB per
 * document, `end_time` or `in_progress`, annotation keys and at most 50 annotations per trace.
 */
const NAME = /^[\p{L}\p{Z}\p{N}_.:/%&#=+\-@]{1,200}$/u;
const ID = /^[0-9a-f]{16}$/;
const TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const ANNOTATION_KEY = /^[a-zA-Z0-9_]{1,500}$/;
const TOP_LEVEL = new Set([
  'name',
  'id',
  'trace_id',
  'start_time',
  'end_time',
  'in_progress',
  'parent_id',
  'type',
  'namespace',
  'origin',
  'service',
  'user',
  'error',
  'throttle',
  'fault',
  'http',
  'aws',
  'cause',
  'annotations',
  'metadata',
  'links',
  'subsegments',
  'precursor_ids',
  'traced',
  'sql',
  'resource_arn',
]);

export const MAX_BYTES = 65_536;

/** The rule violations of one serialised document (empty when X-Ray would accept it). */
export function segmentErrors(json: string): string[] {
  const errors: string[] = [];
  const fail = (message: string) => errors.push(message);
  if (Buffer.byteLength(json) > MAX_BYTES)
    fail(`document is ${Buffer.byteLength(json)} bytes, over ${MAX_BYTES}`);
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return ['not JSON'];
  }
  if (!isObject(doc)) return ['not an object'];
  for (const key of Object.keys(doc)) if (!TOP_LEVEL.has(key)) fail(`unknown field ${key}`);

  if (typeof doc.name !== 'string' || !NAME.test(doc.name))
    fail(`name ${JSON.stringify(doc.name)} outside X-Ray's alphabet or 1-200 characters`);
  if (typeof doc.id !== 'string' || !ID.test(doc.id))
    fail(`id ${JSON.stringify(doc.id)} is not 16 hex digits`);
  if (typeof doc.trace_id !== 'string' || !TRACE_ID.test(doc.trace_id))
    fail(`trace_id ${JSON.stringify(doc.trace_id)} is not 1-{8 hex}-{24 hex}`);
  if (!isFiniteNumber(doc.start_time)) fail('start_time missing or not a number');
  const hasEnd = doc.end_time !== undefined;
  if (hasEnd === (doc.in_progress === true))
    fail('exactly one of end_time and in_progress: true is required');
  if (hasEnd && (!isFiniteNumber(doc.end_time) || (doc.end_time as number) < (doc.start_time as number)))
    fail('end_time before start_time');
  if (doc.in_progress !== undefined && typeof doc.in_progress !== 'boolean') fail('in_progress not boolean');
  if (doc.parent_id !== undefined && (typeof doc.parent_id !== 'string' || !ID.test(doc.parent_id)))
    fail('parent_id is not 16 hex digits');
  if (doc.type !== undefined) {
    if (doc.type !== 'subsegment') fail(`type ${JSON.stringify(doc.type)}`);
    if (doc.parent_id === undefined) fail('an independent subsegment needs parent_id');
  }
  if (doc.namespace !== undefined && doc.namespace !== 'aws' && doc.namespace !== 'remote')
    fail(`namespace ${JSON.stringify(doc.namespace)}`);
  for (const flag of ['error', 'throttle', 'fault'] as const) {
    if (doc[flag] !== undefined && typeof doc[flag] !== 'boolean') fail(`${flag} not boolean`);
  }
  for (const key of ['origin', 'resource_arn'] as const)
    if (doc[key] !== undefined && typeof doc[key] !== 'string') fail(`${key} not a string`);
  if (doc.user !== undefined && !(typeof doc.user === 'string' && [...doc.user].length <= 250))
    fail('user over 250 characters');
  if (
    doc.service !== undefined &&
    !(isObject(doc.service) && (doc.service.version === undefined || typeof doc.service.version === 'string'))
  )
    fail('service.version not a string');

  if (doc.http !== undefined) checkHttp(doc.http, fail);
  if (doc.aws !== undefined) checkAws(doc.aws, fail);
  if (doc.cause !== undefined) checkCause(doc.cause, fail);
  if (doc.annotations !== undefined) checkAnnotations(doc.annotations, fail);
  if (doc.metadata !== undefined) {
    if (!isObject(doc.metadata)) fail('metadata not an object');
    else
      for (const [ns, value] of Object.entries(doc.metadata))
        if (!isObject(value)) fail(`metadata.${ns} is not an object`);
  }
  if (doc.links !== undefined) {
    if (!Array.isArray(doc.links)) fail('links not an array');
    else
      for (const link of doc.links) {
        if (!isObject(link)) fail('link not an object');
        else {
          if (typeof link.trace_id !== 'string' || !TRACE_ID.test(link.trace_id))
            fail(`link trace_id ${JSON.stringify(link.trace_id)}`);
          if (typeof link.id !== 'string' || !ID.test(link.id)) fail(`link id ${JSON.stringify(link.id)}`);
          if (link.attributes !== undefined && !isObject(link.attributes))
            fail('link attributes not an object');
        }
      }
  }
  return errors;
}

/** Checks documents together: each one, plus X-Ray's limit of 50 distinct annotation keys per trace. */
export class SegmentValidator {
  private readonly keysByTrace = new Map<string, Set<string>>();
  /** How many documents passed through. */
  checked = 0;

  /** Throws with every violation when `json` breaks a rule. */
  check(json: string): Record<string, unknown> {
    const errors = segmentErrors(json);
    const doc = JSON.parse(json) as Record<string, unknown>;
    if (isObject(doc.annotations) && typeof doc.trace_id === 'string') {
      let keys = this.keysByTrace.get(doc.trace_id);
      if (!keys) {
        keys = new Set();
        this.keysByTrace.set(doc.trace_id, keys);
      }
      for (const key of Object.keys(doc.annotations)) keys.add(key);
      if (keys.size > 50) errors.push(`trace ${doc.trace_id} has ${keys.size} annotation keys, over 50`);
    }
    this.checked++;
    if (errors.length > 0)
      throw new Error(`invalid X-Ray segment document:\n- ${errors.join('\n- ')}\n${json.slice(0, 2_000)}`);
    return doc;
  }
}

function checkHttp(http: unknown, fail: (m: string) => void): void {
  if (!isObject(http)) return void fail('http not an object');
  const { request, response } = http;
  if (request !== undefined) {
    if (!isObject(request)) return void fail('http.request not an object');
    for (const key of ['method', 'url', 'user_agent', 'client_ip']) {
      const v = request[key];
      if (v !== undefined && !(typeof v === 'string' && [...v].length <= 250))
        fail(`http.request.${key} not a string of at most 250 characters`);
    }
    if (typeof request.url === 'string' && /[?#]/.test(request.url))
      fail('http.request.url keeps its query string');
  }
  if (response !== undefined) {
    if (!isObject(response)) return void fail('http.response not an object');
    for (const key of ['status', 'content_length']) {
      if (response[key] !== undefined && !isFiniteNumber(response[key]))
        fail(`http.response.${key} not a number`);
    }
  }
}

function checkAws(aws: unknown, fail: (m: string) => void): void {
  if (!isObject(aws)) return void fail('aws not an object');
  for (const key of [
    'operation',
    'account_id',
    'region',
    'request_id',
    'queue_url',
    'table_name',
    'bucket_name',
    'function_name',
  ]) {
    if (aws[key] !== undefined && typeof aws[key] !== 'string') fail(`aws.${key} not a string`);
  }
  if (
    aws.table_names !== undefined &&
    !(Array.isArray(aws.table_names) && aws.table_names.every((t) => typeof t === 'string'))
  )
    fail('aws.table_names not strings');
  if (aws.retries !== undefined && !Number.isInteger(aws.retries)) fail('aws.retries not an integer');
  if (aws.ec2 !== undefined) {
    if (!isObject(aws.ec2)) fail('aws.ec2 not an object');
    else
      for (const [k, v] of Object.entries(aws.ec2))
        if (typeof v !== 'string') fail(`aws.ec2.${k} not a string`);
  }
}

function checkCause(cause: unknown, fail: (m: string) => void): void {
  if (typeof cause === 'string') return void (ID.test(cause) || fail('cause id is not 16 hex digits'));
  if (!isObject(cause)) return void fail('cause not an object');
  if (cause.exceptions === undefined) return;
  if (!Array.isArray(cause.exceptions)) return void fail('cause.exceptions not an array');
  for (const e of cause.exceptions) {
    if (!isObject(e)) {
      fail('exception not an object');
      continue;
    }
    if (typeof e.id !== 'string' || !ID.test(e.id))
      fail(`exception id ${JSON.stringify(e.id)} is not 16 hex digits`);
    for (const key of ['message', 'type', 'cause'])
      if (e[key] !== undefined && typeof e[key] !== 'string') fail(`exception.${key} not a string`);
    if (e.remote !== undefined && typeof e.remote !== 'boolean') fail('exception.remote not boolean');
    for (const key of ['truncated', 'skipped']) {
      if (e[key] !== undefined && !(Number.isInteger(e[key]) && (e[key] as number) >= 0))
        fail(`exception.${key} not a count`);
    }
    if (e.stack !== undefined) {
      if (!Array.isArray(e.stack)) fail('exception.stack not an array');
      else
        for (const frame of e.stack) {
          if (!isObject(frame)) fail('stack frame not an object');
          else {
            if (frame.path !== undefined && typeof frame.path !== 'string') fail('frame.path not a string');
            if (frame.label !== undefined && typeof frame.label !== 'string')
              fail('frame.label not a string');
            if (frame.line !== undefined && !Number.isInteger(frame.line)) fail('frame.line not an integer');
          }
        }
    }
  }
}

function checkAnnotations(annotations: unknown, fail: (m: string) => void): void {
  if (!isObject(annotations)) return void fail('annotations not an object');
  const entries = Object.entries(annotations);
  if (entries.length > 50) fail(`${entries.length} annotations, over 50`);
  for (const [key, value] of entries) {
    if (!ANNOTATION_KEY.test(key)) fail(`annotation key ${JSON.stringify(key)} outside [a-zA-Z0-9_]{1,500}`);
    const ok =
      (typeof value === 'string' && [...value].length <= 1_000) ||
      typeof value === 'boolean' ||
      isFiniteNumber(value);
    if (!ok)
      fail(
        `annotation ${key} value ${JSON.stringify(value)?.slice(0, 40)} not a string (<=1000), number or boolean`,
      );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
