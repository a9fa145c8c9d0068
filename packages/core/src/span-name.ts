const VALID_PART = /^[^\s.]+$/;

function checkPart(kind: string, value: unknown): string {
  if (typeof value !== 'string' || !VALID_PART.test(value)) {
    throw new TypeError(
      `span name ${kind} ${JSON.stringify(value)} is invalid: it must be a non-empty string without spaces or dots`,
    );
  }
  return value;
}

/** `{service}.{operation}`, for example `spawn.agent` + `monitor` → `spawn.agent.monitor`. The service may be dotted. */
export function spanName(service: string, operation: string): string {
  if (typeof service !== 'string' || service.length === 0) checkPart('service', service);
  for (const part of service.split('.')) checkPart('service part', part);
  return `${service}.${checkPart('operation', operation)}`;
}

/** `aws.{service}.{operation}`: the service lower-cased as the specification's examples show. */
export function awsSpanName(service: string, operation: string): string {
  return `aws.${checkPart('service', service).toLowerCase()}.${checkPart('operation', operation)}`;
}
