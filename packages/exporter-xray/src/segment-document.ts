/** The X-Ray segment document fields this exporter writes (AWS's segment document schema 1.0). */
export interface SegmentDocument {
  name: string;
  /** 16 hex digits: the span id. */
  id: string;
  /** `1-{8 hex}-{24 hex}`. */
  trace_id: string;
  /** Epoch seconds with microsecond precision. */
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  parent_id?: string;
  /** Set on independent subsegments. */
  type?: 'subsegment';
  namespace?: 'aws' | 'remote';
  origin?: string;
  service?: { version?: string };
  error?: boolean;
  throttle?: boolean;
  fault?: boolean;
  http?: SegmentHttp;
  aws?: SegmentAws;
  cause?: { exceptions: SegmentException[] };
  annotations?: Record<string, string | number | boolean>;
  metadata?: Record<string, Record<string, unknown>>;
  links?: SegmentLink[];
}

export interface SegmentHttp {
  request?: { method?: string; url?: string; user_agent?: string; client_ip?: string };
  response?: { status?: number; content_length?: number };
}

export interface SegmentAws {
  operation?: string;
  region?: string;
  request_id?: string;
  retries?: number;
  table_name?: string;
  table_names?: string[];
  queue_url?: string;
  bucket_name?: string;
  function_name?: string;
  account_id?: string;
  ec2?: { instance_id?: string; availability_zone?: string; instance_size?: string; ami_id?: string };
}

export interface SegmentException {
  /** 16 hex digits. */
  id: string;
  type?: string;
  message?: string;
  /** The exception came from a downstream service (CLIENT and PRODUCER spans). */
  remote?: boolean;
  /** Stack frames left out. */
  truncated?: number;
  stack?: SegmentStackFrame[];
}

export interface SegmentStackFrame {
  path?: string;
  line?: number;
  label?: string;
}

export interface SegmentLink {
  trace_id: string;
  id: string;
  attributes?: Record<string, unknown>;
}
