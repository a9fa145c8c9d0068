import {
  type Attributes,
  type AttributeValue,
  type Link,
  SpanKind,
  SpanStatusCode,
} from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_AWS_OPERATION,
  ATTR_SPAWN_INSTANCE_ID,
  ATTR_SPAWN_PROVIDER,
  type RandomHexSource,
} from '@spawn/tracing-core';
import { AnnotationBudget, annotationKey, annotationValue } from './annotations.js';
import { AWS_BLOCK_KEYS, awsBlock, awsOperationOf, awsServiceOf } from './aws-block.js';
import { exceptionsOf, isThrottling } from './cause.js';
import type { EncoderCounters } from './counters.js';
import { HTTP_BLOCK_KEYS, httpBlock, httpStatusOf } from './http-block.js';
import type { SegmentAws, SegmentDocument, SegmentException, SegmentLink } from './segment-document.js';
import { segmentName } from './segment-name.js';
import { isSpanId, toXRayTraceId } from './trace-id.js';

export interface TranslatorSettings {
  /** Attribute keys written as annotations. */
  indexed: ReadonlySet<string>;
  indexAll: boolean;
  /** Overrides the resource's `service.name` as the name of segments. */
  serviceName?: string;
  random: RandomHexSource;
  counters: EncoderCounters;
  /** Called once per annotation moved to metadata because its trace hit X-Ray's 50-key limit. */
  onAnnotationOverflow: (traceId: string, key: string) => void;
}

const SPAWN_PREFIX = 'spawn.';
const DEFAULT_NAMESPACE = 'default';

/** Turns finished spans into X-Ray segment documents (segments or independent subsegments). */
export class SegmentTranslator {
  private readonly budget = new AnnotationBudget();

  constructor(private readonly settings: TranslatorSettings) {}

  /** The document for `span`, or `undefined` when its trace id cannot be an X-Ray id. */
  translate(span: ReadableSpan): SegmentDocument | undefined {
    const context = span.spanContext();
    const traceId = toXRayTraceId(context.traceId);
    if (traceId === undefined || !isSpanId(context.spanId)) return undefined;
    const attributes = span.attributes;
    const resource = span.resource.attributes as Attributes;
    const parent = span.parentSpanContext;
    const isSegment =
      parent === undefined ||
      parent.isRemote === true ||
      span.kind === SpanKind.SERVER ||
      span.kind === SpanKind.CONSUMER;
    const awsService = awsServiceOf(attributes);

    const doc: SegmentDocument = {
      name: '',
      id: context.spanId,
      trace_id: traceId,
      start_time: seconds(span.startTime),
    };
    if (span.ended) doc.end_time = Math.max(doc.start_time, seconds(span.endTime));
    else doc.in_progress = true;
    if (parent !== undefined && isSpanId(parent.spanId)) doc.parent_id = parent.spanId;

    if (isSegment) {
      doc.name = segmentName(this.serviceNameOf(resource), 'spawn');
      this.segmentIdentity(doc, resource);
    } else {
      doc.type = 'subsegment';
      doc.name = segmentName(awsService ?? span.name, span.name);
      if (awsService !== undefined) doc.namespace = 'aws';
      else if (span.kind === SpanKind.CLIENT || span.kind === SpanKind.PRODUCER) doc.namespace = 'remote';
    }

    if (awsService !== undefined) {
      const aws = awsBlock(attributes, doc.aws);
      if (doc.aws === undefined && hasKeys(aws)) doc.aws = aws;
    }
    const http = httpBlock(attributes);
    if (http !== undefined) doc.http = http;

    this.flags(doc, span);
    this.annotationsAndMetadata(doc, span, resource, isSegment, awsService !== undefined);
    if (span.links.length > 0) this.links(doc, span.links);
    return doc;
  }

  private serviceNameOf(resource: Attributes): string {
    if (this.settings.serviceName) return this.settings.serviceName;
    const name = resource['service.name'];
    return typeof name === 'string' && name !== '' ? name : 'spawn';
  }

  /** `origin`, `service.version` and the EC2 details, from the resource (segments only). */
  private segmentIdentity(doc: SegmentDocument, resource: Attributes): void {
    const version = resource['service.version'];
    if (typeof version === 'string' && version !== '') doc.service = { version };
    const onEc2 = resource['cloud.platform'] === 'aws_ec2' || resource[ATTR_SPAWN_PROVIDER] === 'ec2';
    const aws: SegmentAws = {};
    const account = resource['cloud.account.id'];
    if (typeof account === 'string' && account !== '') aws.account_id = account;
    if (onEc2) {
      doc.origin = 'AWS::EC2::Instance';
      const ec2: NonNullable<SegmentAws['ec2']> = {};
      const instanceId = str(resource['host.id']) ?? str(resource[ATTR_SPAWN_INSTANCE_ID]);
      if (instanceId !== undefined) ec2.instance_id = instanceId;
      const zone = str(resource['cloud.availability_zone']);
      if (zone !== undefined) ec2.availability_zone = zone;
      const size = str(resource['host.type']);
      if (size !== undefined) ec2.instance_size = size;
      const ami = str(resource['host.image.id']);
      if (ami !== undefined) ec2.ami_id = ami;
      aws.ec2 = ec2;
    }
    if (hasKeys(aws)) doc.aws = aws;
  }

  /** `error` (4xx), `throttle` (429 or a throttling exception), `fault` (5xx, or ERROR without a code), `cause`. */
  private flags(doc: SegmentDocument, span: ReadableSpan): void {
    const status = httpStatusOf(span.attributes);
    const remote = span.kind === SpanKind.CLIENT || span.kind === SpanKind.PRODUCER;
    const exceptions: SegmentException[] = exceptionsOf(span.events, remote, this.settings.random);
    const failed = span.status.code === SpanStatusCode.ERROR;
    if (status !== undefined && status >= 500) doc.fault = true;
    else if (status !== undefined && status >= 400) {
      doc.error = true;
      if (status === 429) doc.throttle = true;
    } else if (failed) doc.fault = true;
    if ((doc.error || doc.fault) && isThrottling(exceptions)) {
      // A throttle is the caller's error (AWS reports some as HTTP 400 or 503), never a fault.
      delete doc.fault;
      doc.error = true;
      doc.throttle = true;
    }
    if (exceptions.length === 0 && failed && span.status.message) {
      exceptions.push({
        id: this.settings.random.hex(8),
        message: span.status.message,
        ...(remote ? { remote } : {}),
      });
    }
    if (exceptions.length > 0) doc.cause = { exceptions };
  }

  /** Annotations for indexed attributes, `metadata.spawn` for the spawn identity, `metadata.default` for the rest. */
  private annotationsAndMetadata(
    doc: SegmentDocument,
    span: ReadableSpan,
    resource: Attributes,
    isSegment: boolean,
    isAws: boolean,
  ) {
    const { indexed, indexAll } = this.settings;
    const attributes = span.attributes;
    const traceId = span.spanContext().traceId;
    // Built lazily: most subsegments carry one annotation and no metadata.
    let annotations: Record<string, string | number | boolean> | undefined;
    let metadata: Record<string, Record<string, unknown>> | undefined;
    const annotate = (key: string, value: AttributeValue): boolean => {
      const v = annotationValue(value);
      if (v === undefined) return false;
      const k = annotationKey(key);
      if (k === '' || (annotations !== undefined && k in annotations)) return false;
      if (!this.budget.admit(traceId, k)) {
        this.settings.counters.annotationsMovedToMetadata++;
        this.settings.onAnnotationOverflow(traceId, k);
        return false;
      }
      annotations ??= {};
      annotations[k] = v;
      return true;
    };

    if (isSegment) {
      // The process identity lives on the resource; segments carry it once per document, not every subsegment.
      for (const key in resource) {
        const value = resource[key];
        if (value === undefined || attributes[key] !== undefined) continue;
        if (key.startsWith(SPAWN_PREFIX))
          metadata = put(metadata, 'spawn', key.slice(SPAWN_PREFIX.length), value);
        if (indexed.has(key)) annotate(key, value);
      }
    }
    if (isAws && indexed.has(ATTR_AWS_OPERATION) && attributes[ATTR_AWS_OPERATION] === undefined) {
      const operation = awsOperationOf(attributes);
      if (operation !== undefined) annotate(ATTR_AWS_OPERATION, operation);
    }
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined) continue;
      const annotated = (indexAll || indexed.has(key)) && annotate(key, value);
      if (key.startsWith(SPAWN_PREFIX))
        metadata = put(metadata, 'spawn', key.slice(SPAWN_PREFIX.length), value);
      else if (!annotated && !AWS_BLOCK_KEYS.has(key) && !HTTP_BLOCK_KEYS.has(key)) {
        metadata = put(metadata, DEFAULT_NAMESPACE, key, value);
      }
    }
    if (isSegment) metadata = put(metadata, 'span', 'name', span.name);
    if (annotations !== undefined) doc.annotations = annotations;
    if (metadata !== undefined) doc.metadata = metadata;
  }

  /** Span links as `links` entries; a link with an invalid id is left out alone. */
  private links(doc: SegmentDocument, links: readonly Link[]): void {
    const out: SegmentLink[] = [];
    for (const link of links) {
      const traceId = toXRayTraceId(link.context.traceId);
      if (traceId === undefined || !isSpanId(link.context.spanId) || /^0+$/.test(link.context.traceId)) {
        this.settings.counters.linksDropped++;
        continue;
      }
      const entry: SegmentLink = { trace_id: traceId, id: link.context.spanId };
      if (link.attributes && Object.keys(link.attributes).length > 0)
        entry.attributes = { ...link.attributes };
      out.push(entry);
    }
    if (out.length > 0) doc.links = out;
  }
}

function hasKeys(object: object): boolean {
  for (const _ in object) return true;
  return false;
}

function put(
  metadata: Record<string, Record<string, unknown>> | undefined,
  namespace: string,
  key: string,
  value: unknown,
): Record<string, Record<string, unknown>> {
  if (metadata === undefined) return { [namespace]: { [key]: value } };
  const ns = metadata[namespace];
  if (ns === undefined) metadata[namespace] = { [key]: value };
  else ns[key] = value;
  return metadata;
}

function seconds(time: readonly [number, number]): number {
  return Math.round((time[0] + time[1] / 1e9) * 1e6) / 1e6;
}

function str(value: AttributeValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
