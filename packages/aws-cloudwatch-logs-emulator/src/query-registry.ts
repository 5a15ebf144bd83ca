import { randomUUID } from 'node:crypto';
import type {
  PreparedQuery,
  QueryLanguage,
  QueryOutput,
  QueryResultField,
  QuerySource,
  QueryStatisticsOutput,
} from './query-engine.js';

export type QueryStatus = 'Scheduled' | 'Running' | 'Complete' | 'Failed' | 'Cancelled' | 'Timeout';

export interface QueryRecord {
  queryId: string;
  queryString: string;
  queryLanguage: QueryLanguage;
  logGroupNames: string[];
  createTime: number;
  status: QueryStatus;
  results: QueryResultField[][];
  statistics: QueryStatisticsOutput;
  finishedAt: number | undefined;
  error: string | undefined;
  controller: AbortController;
}

const KEEP_FINISHED = 1000;

export interface QueryRegistryOptions {
  /** How long a query stays Scheduled before it runs (so clients poll, as against the service). */
  delayMs?: number;
  /** How long a query may run before it ends as Timeout (the service: 60 minutes). */
  timeoutMs?: number;
  newId?: () => string;
}

export const DEFAULT_QUERY_DELAY_MS = 100;
export const DEFAULT_QUERY_TIMEOUT_MS = 60 * 60_000;

/**
 * The queries StartQuery launched: each runs in the background on the engine, and the record
 * holds its status and results for GetQueryResults and DescribeQueries.
 */
export class QueryRegistry {
  private readonly queries = new Map<string, QueryRecord>();
  private readonly delayMs: number;
  private readonly timeoutMs: number;
  private readonly newId: () => string;

  constructor(
    private readonly now: () => number,
    options: QueryRegistryOptions = {},
  ) {
    this.delayMs = options.delayMs ?? DEFAULT_QUERY_DELAY_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    this.newId = options.newId ?? randomUUID;
  }

  running(): number {
    let n = 0;
    for (const q of this.queries.values())
      if (q.status === 'Running' || q.status === 'Scheduled') n += 1;
    return n;
  }

  start(
    prepared: PreparedQuery,
    source: QuerySource,
    meta: { queryString: string; queryLanguage: QueryLanguage; limit?: number },
  ): QueryRecord {
    this.evict();
    const record: QueryRecord = {
      queryId: this.newId(),
      queryString: meta.queryString,
      queryLanguage: meta.queryLanguage,
      logGroupNames: [...source.logGroupNames],
      createTime: this.now(),
      status: 'Scheduled',
      results: [],
      statistics: {},
      finishedAt: undefined,
      error: undefined,
      controller: new AbortController(),
    };
    this.queries.set(record.queryId, record);
    const timer = setTimeout(() => {
      if (record.status === 'Running' || record.status === 'Scheduled') {
        record.status = 'Timeout';
        record.finishedAt = this.now();
        record.controller.abort(new Error('query timed out'));
      }
    }, this.timeoutMs);
    timer.unref();
    // Run after StartQuery has answered (and the scheduling delay), as the service does.
    const begin = async () => {
      if (record.status !== 'Scheduled') return clearTimeout(timer);
      record.status = 'Running';
      try {
        const output: QueryOutput = await prepared.run(source, {
          signal: record.controller.signal,
          ...(meta.limit !== undefined ? { limit: meta.limit } : {}),
        });
        if (record.status === 'Running') {
          record.results = output.results;
          record.statistics = output.statistics ?? {};
          record.status = 'Complete';
          record.finishedAt = this.now();
        }
      } catch (error) {
        if (record.status === 'Running') {
          record.status = 'Failed';
          record.error = error instanceof Error ? error.message : String(error);
          record.finishedAt = this.now();
        }
      } finally {
        clearTimeout(timer);
      }
    };
    if (this.delayMs > 0) setTimeout(begin, this.delayMs).unref();
    else setImmediate(begin).unref();
    return record;
  }

  get(queryId: string): QueryRecord | undefined {
    return this.queries.get(queryId);
  }

  /** Cancels a scheduled or running query; false when it had already finished. */
  stop(queryId: string): boolean {
    const record = this.queries.get(queryId);
    if (!record || (record.status !== 'Running' && record.status !== 'Scheduled')) return false;
    record.status = 'Cancelled';
    record.finishedAt = this.now();
    record.controller.abort(new Error('query cancelled'));
    return true;
  }

  /** Newest first. */
  list(): QueryRecord[] {
    return [...this.queries.values()].reverse();
  }

  /** Stops every query; for close(). */
  cancelAll(): void {
    for (const q of this.queries.values()) this.stop(q.queryId);
  }

  private evict(): void {
    if (this.queries.size < KEEP_FINISHED) return;
    for (const [id, q] of this.queries) {
      if (q.finishedAt !== undefined) this.queries.delete(id);
      if (this.queries.size < KEEP_FINISHED) return;
    }
  }
}
