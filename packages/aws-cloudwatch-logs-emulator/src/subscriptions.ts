import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** The event a Lambda function subscribed to a log group receives. */
export interface AwsLogsEvent {
  awslogs: { data: string };
}

/** The JSON inside `awslogs.data` once base64-decoded and gunzipped. */
export interface LogsDataMessage {
  messageType: 'DATA_MESSAGE';
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  logEvents: Array<{ id: string; timestamp: number; message: string }>;
}

export interface DeliveryInfo {
  destinationArn: string;
  filterName: string;
  logGroupName: string;
  logStreamName: string;
  /** The decoded payload, for callbacks that would rather not gunzip. */
  message: LogsDataMessage;
}

/**
 * Where a subscription's events go: a function called in-process, or an http(s) URL that
 * receives `POST` with the `{"awslogs":{"data":…}}` JSON body.
 */
export type SubscriptionTarget =
  | ((event: AwsLogsEvent, info: DeliveryInfo) => void | Promise<void>)
  | string;

export interface DeliveryStats {
  delivered: number;
  failed: number;
  /** Batches for destination ARNs that have no target registered. */
  unrouted: number;
}

export interface DeliveryFailure {
  destinationArn: string;
  filterName: string;
  error: string;
}

export interface SubscriptionDispatcherOptions {
  targets?: Record<string, SubscriptionTarget>;
  /** Attempts per batch before it counts as failed; 3 by default. */
  attempts?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  onFailure?: (failure: DeliveryFailure) => void;
}

/** Encodes a data message as CloudWatch Logs sends it: gzip, then base64. */
export async function encodeAwsLogsEvent(message: LogsDataMessage): Promise<AwsLogsEvent> {
  const zipped = await gzipAsync(Buffer.from(JSON.stringify(message), 'utf8'));
  return { awslogs: { data: zipped.toString('base64') } };
}

/**
 * Delivers subscription batches in the background, in order per destination, retrying a
 * failed delivery; `flush()` waits for everything queued so far.
 */
export class SubscriptionDispatcher {
  private readonly targets = new Map<string, SubscriptionTarget>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private readonly timeoutMs: number;
  private readonly onFailure: ((failure: DeliveryFailure) => void) | undefined;
  readonly stats: DeliveryStats = { delivered: 0, failed: 0, unrouted: 0 };
  readonly failures: DeliveryFailure[] = [];

  constructor(options: SubscriptionDispatcherOptions = {}) {
    for (const [arn, target] of Object.entries(options.targets ?? {})) this.setTarget(arn, target);
    this.attempts = options.attempts ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 100;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.onFailure = options.onFailure;
  }

  setTarget(destinationArn: string, target: SubscriptionTarget): void {
    if (typeof target === 'string') {
      const url = new URL(target);
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new TypeError(`A subscription target URL must be http or https, got ${target}`);
    } else if (typeof target !== 'function') {
      throw new TypeError('A subscription target is a function or an http(s) URL');
    }
    this.targets.set(destinationArn, target);
  }

  removeTarget(destinationArn: string): boolean {
    return this.targets.delete(destinationArn);
  }

  hasTarget(destinationArn: string): boolean {
    return this.targets.has(destinationArn);
  }

  deliver(destinationArn: string, filterName: string, message: LogsDataMessage): void {
    const target = this.targets.get(destinationArn);
    if (!target) {
      this.stats.unrouted += 1;
      return;
    }
    const previous = this.chains.get(destinationArn) ?? Promise.resolve();
    const next = previous.then(() => this.send(target, destinationArn, filterName, message));
    this.chains.set(destinationArn, next);
    this.pending.add(next);
    void next.finally(() => {
      this.pending.delete(next);
      if (this.chains.get(destinationArn) === next) this.chains.delete(destinationArn);
    });
  }

  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async send(
    target: SubscriptionTarget,
    destinationArn: string,
    filterName: string,
    message: LogsDataMessage,
  ): Promise<void> {
    const event = await encodeAwsLogsEvent(message);
    const info: DeliveryInfo = {
      destinationArn,
      filterName,
      logGroupName: message.logGroup,
      logStreamName: message.logStream,
      message,
    };
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt += 1) {
      try {
        if (typeof target === 'string') await this.post(target, event);
        else await target(event, info);
        this.stats.delivered += 1;
        return;
      } catch (error) {
        lastError = error;
        if (attempt < this.attempts) await sleep(this.retryDelayMs * attempt);
      }
    }
    this.stats.failed += 1;
    const failure: DeliveryFailure = {
      destinationArn,
      filterName,
      error: lastError instanceof Error ? lastError.message : String(lastError),
    };
    if (this.failures.length >= 100) this.failures.shift();
    this.failures.push(failure);
    this.onFailure?.(failure);
  }

  private post(url: string, event: AwsLogsEvent): Promise<void> {
    const body = Buffer.from(JSON.stringify(event), 'utf8');
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        target,
        {
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/json', 'content-length': body.length },
          timeout: this.timeoutMs,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new Error(`${url} answered HTTP ${status}`));
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${url} did not answer in ${this.timeoutMs} ms`)),
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });
