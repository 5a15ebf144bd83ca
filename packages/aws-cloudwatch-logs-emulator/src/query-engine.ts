/** One log event as a query engine reads it. */
export interface QueryEvent {
  logGroupName: string;
  logStreamName: string;
  timestamp: number;
  ingestionTime: number;
  message: string;
  eventId: string;
}

/** The events a query may read: its log groups, within its time range (milliseconds). */
export interface QuerySource {
  readonly logGroupNames: readonly string[];
  readonly startTime: number;
  readonly endTime: number;
  /** The account the log groups belong to (`@log` is `<accountId>:<logGroupName>`). */
  readonly accountId?: string;
  /** Every event of the log groups in the time range, retention applied, oldest first per stream. */
  events(): Iterable<QueryEvent>;
}

export interface QueryResultField {
  field: string;
  value: string;
}

export interface QueryStatisticsOutput {
  recordsMatched?: number;
  recordsScanned?: number;
  bytesScanned?: number;
}

export interface QueryOutput {
  results: QueryResultField[][];
  statistics?: QueryStatisticsOutput;
}

export interface QueryRunOptions {
  signal: AbortSignal;
  /** The `limit` of StartQuery, when given. */
  limit?: number;
}

/** A query the engine has parsed and can run. */
export interface PreparedQuery {
  run(source: QuerySource, options: QueryRunOptions): QueryOutput | Promise<QueryOutput>;
}

export type QueryLanguage = 'CWLI' | 'SQL' | 'PPL';

/**
 * The Logs Insights engine seam: StartQuery asks it to `prepare` the query string (a query it
 * cannot run throws {@link QuerySyntaxError}, answered as MalformedQueryException), then runs
 * the prepared query in the background while GetQueryResults reports its status.
 */
export interface QueryEngine {
  prepare(queryString: string, options: { queryLanguage: QueryLanguage }): PreparedQuery;
}

/** A query the engine cannot parse or run; StartQuery answers MalformedQueryException. */
export class QuerySyntaxError extends Error {
  override readonly name = 'QuerySyntaxError';
  readonly code = 'MalformedQueryException';
  readonly location: { startCharOffset: number; endCharOffset: number } | undefined;

  constructor(message: string, location?: { startCharOffset: number; endCharOffset: number }) {
    super(message);
    this.location = location;
  }
}

/**
 * The engine used until a Logs Insights engine is plugged in: it runs nothing, so every
 * StartQuery is refused as malformed rather than answered with a made-up result.
 */
export const unsupportedQueryEngine: QueryEngine = {
  prepare(queryString) {
    throw new QuerySyntaxError(
      `This emulator has no Logs Insights query engine, so it cannot run the query "${queryString.slice(0, 200)}". Pass a queryEngine to startEmulator to run queries.`,
      { startCharOffset: 0, endCharOffset: Math.max(0, queryString.length - 1) },
    );
  },
};
