import {
  type CloudWatchLogsClient,
  LogLevel,
  runWithCorrelation,
} from '@integrations/aws-cloudwatch-logs';
import { Prng } from '@integrations/aws-cloudwatch-logs/simulation';

export const DEMO_SERVICES = ['api', 'auth', 'db'] as const;
export type DemoService = (typeof DEMO_SERVICES)[number];

export interface TrafficOptions {
  client: CloudWatchLogsClient;
  /** Log group of each service. */
  groups: Record<DemoService, string>;
  logStream: string;
  requests: number;
  concurrency: number;
  seed: number;
  errorRate: number;
  signal: AbortSignal;
  onRequestDone?: () => void;
}

export interface HandledRequest {
  traceId: string;
  requestId: string;
  failedAt: DemoService | undefined;
}

const ROUTES = [
  'GET /orders',
  'GET /orders/{id}',
  'POST /checkout',
  'GET /users/{id}',
  'PUT /cart',
];
const MEDIAN_MS: Record<DemoService, number> = { api: 3, auth: 4, db: 8 };

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Three services that really run: each request enters `api` inside `runWithCorrelation`,
 * which calls `auth` and then `db` with timers standing in for work. Every service logs through
 * its own buffered logger and never passes IDs by hand: the client injects the request's trace
 * and request IDs from the async context.
 */
export async function simulateTraffic(options: TrafficOptions): Promise<HandledRequest[]> {
  const { client, groups, logStream, signal } = options;
  const rng = new Prng(options.seed);
  const log = Object.fromEntries(
    DEMO_SERVICES.map((service) => [
      service,
      client.logger({ logGroup: groups[service], logStream, service, level: LogLevel.Debug }),
    ]),
  ) as Record<DemoService, ReturnType<CloudWatchLogsClient['logger']>>;

  async function call(
    service: DemoService,
    route: string,
    failAt: DemoService | undefined,
    next: DemoService[],
  ): Promise<void> {
    const spanId = rng.hex(16);
    const started = Date.now();
    const logger = log[service].child({ span: spanId, route });
    logger.debug(`${service} received ${route}`);
    await delay(rng.latency(MEDIAN_MS[service]));
    if (failAt === service) {
      logger.error(
        `${service} failed: ${rng.pick(['deadlock detected', 'token expired', 'connection reset by peer'])}`,
        {
          duration_ms: Date.now() - started,
          status: 500,
        },
      );
      throw new Error(`${service} failed`);
    }
    const [downstream, ...rest] = next;
    try {
      if (downstream) await call(downstream, route, failAt, rest);
    } catch {
      logger.warn(`${service}: ${downstream} failed, answering 502`, {
        duration_ms: Date.now() - started,
        status: 502,
      });
      throw new Error(`${service} failed`);
    }
    await delay(rng.int(0, 2));
    logger.info(`${service} answered ${route} in ${Date.now() - started} ms`, {
      duration_ms: Date.now() - started,
      status: 200,
    });
  }

  const handled: HandledRequest[] = [];
  let nextRequest = 0;
  async function worker(): Promise<void> {
    while (nextRequest < options.requests && !signal.aborted) {
      nextRequest += 1;
      const traceId = rng.hex(32);
      const requestId = `req-${rng.hex(12)}`;
      const failedAt = rng.next() < options.errorRate ? rng.pick(DEMO_SERVICES) : undefined;
      const route = rng.pick(ROUTES).replace('{id}', String(rng.int(1000, 99_999)));
      await runWithCorrelation({ traceId, requestId }, () =>
        call('api', route, failedAt, ['auth', 'db']).catch(() => undefined),
      );
      handled.push({ traceId, requestId, failedAt });
      options.onRequestDone?.();
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return handled;
}
