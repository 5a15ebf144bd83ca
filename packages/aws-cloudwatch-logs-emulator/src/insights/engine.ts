import { performance } from 'node:perf_hooks';
import {
  type PreparedQuery,
  type QueryEngine,
  type QueryOutput,
  type QueryResultField,
  type QueryRunOptions,
  type QuerySource,
  QuerySyntaxError,
} from '../query-engine.js';
import { parseQuery } from './parser.js';
import {
  compareForSort,
  compilePipeline,
  dedupKey,
  type Pipeline,
  type StatsRun,
} from './pipeline.js';
import { type EventContext, EventRow, eventPointer, type Row } from './record.js';
import type { ScalarFunction, Value, ValueType } from './value.js';

/** The parts of the language that live in their own modules: functions, JSON discovery, rendering. */
export interface InsightsLibrary {
  /** Scalar functions by lower-cased name. */
  functions: ReadonlyMap<string, ScalarFunction>;
  /** The fields of a JSON message (dotted names for nested keys), undefined when it is no JSON object. */
  flattenJson(message: string): Map<string, Value> | undefined;
  /** A value as GetQueryResults shows it; undefined leaves the field out of the row. */
  renderValue(value: Value, type: ValueType): string | undefined;
}

export interface InsightsEngineOptions {
  /** The clock functions such as `now()`-relative ones read; `Date.now` by default. */
  clock?: () => number;
  /** Most results a query returns when neither it nor StartQuery says fewer (10,000, the service's maximum). */
  maxResults?: number;
}

const DEFAULT_MAX_RESULTS = 10_000;
/** The longest a run holds the event loop before letting other requests (StopQuery…) in. */
const SLICE_MS = 20;

/** A Logs Insights query engine over the given library (see `createInsightsQueryEngine`). */
export function createQueryEngineWith(
  library: InsightsLibrary,
  options: InsightsEngineOptions = {},
): QueryEngine {
  const clock = options.clock ?? Date.now;
  const maxResults = options.maxResults ?? DEFAULT_MAX_RESULTS;
  return {
    prepare(queryString, { queryLanguage }): PreparedQuery {
      if (queryLanguage !== 'CWLI')
        throw new QuerySyntaxError(
          `This emulator runs Logs Insights QL (queryLanguage CWLI) only, not ${queryLanguage}.`,
          { startCharOffset: 0, endCharOffset: Math.max(0, queryString.length - 1) },
        );
      const query = parseQuery(queryString);
      const current: { row: Row | undefined } = { row: undefined };
      const range = { start: 0, end: 0 };
      const pipeline = compilePipeline(query, {
        functions: library.functions,
        current,
        context: {
          now: clock,
          timestamp() {
            const t = current.row?.get('@timestamp');
            return typeof t === 'number' ? t : undefined;
          },
          queryStartTime: () => range.start,
          queryEndTime: () => range.end,
        },
      });
      return {
        run: (source, runOptions) => {
          range.start = source.startTime;
          range.end = source.endTime;
          return runPipeline(pipeline, library, source, runOptions, maxResults);
        },
      };
    },
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function defaultOrder(rows: Row[]): Row[] {
  // Newest first, as the service returns events when the query does not sort them.
  return rows.sort((a, b) => (b as EventRow).timestamp - (a as EventRow).timestamp);
}

async function runPipeline(
  pipeline: Pipeline,
  library: InsightsLibrary,
  source: QuerySource,
  { signal, limit }: QueryRunOptions,
  maxResults: number,
): Promise<QueryOutput> {
  signal.throwIfAborted();
  const context: EventContext = {
    accountId: source.accountId ?? '000000000000',
    flattenJson: library.flattenJson,
  };
  const stages = pipeline.stages;
  let lead = 0;
  while (lead < stages.length && stages[lead]!.kind === 'map') lead += 1;
  const leading = stages.slice(0, lead).map((s) => (s.kind === 'map' ? s.apply : () => true));
  const barrier = stages[lead];
  const stats: StatsRun | undefined = barrier?.kind === 'stats' ? barrier.start() : undefined;
  const { raw, json } = pipeline.prefilter;

  let rows: Row[] = [];
  let scanned = 0;
  let bytes = 0;
  let matched = 0;
  let sliceStart = performance.now();
  for (const event of source.events()) {
    scanned += 1;
    const message = event.message;
    bytes += Buffer.byteLength(message, 'utf8');
    if ((scanned & 2047) === 0) {
      signal.throwIfAborted();
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToEventLoop();
        signal.throwIfAborted();
        sliceStart = performance.now();
      }
    }
    if (!passesPrefilter(message, raw, json)) continue;
    const row = new EventRow(event, context);
    let kept = true;
    for (let i = 0; i < leading.length; i += 1)
      if (!leading[i]!(row)) {
        kept = false;
        break;
      }
    if (!kept) continue;
    matched += 1;
    if (stats) stats.add(row, event.timestamp);
    else rows.push(row);
  }

  let ordered = false;
  let index = lead;
  if (stats) {
    rows = stats.finish();
    ordered = true;
    index += 1;
  }
  for (; index < stages.length; index += 1) {
    const stage = stages[index]!;
    switch (stage.kind) {
      case 'map':
        rows = rows.filter((row) => stage.apply(row));
        break;
      case 'stats': {
        const run = stage.start();
        for (const row of rows) {
          const t = row.get('@timestamp');
          run.add(row, typeof t === 'number' ? t : undefined);
        }
        rows = run.finish();
        ordered = true;
        break;
      }
      case 'sort': {
        // Ties keep the default order (newest first).
        if (!ordered) rows = defaultOrder(rows);
        const keys = stage.keys;
        const decorated = rows.map((row, i) => ({
          row,
          i,
          values: keys.map((k) => k.evaluate(row)),
        }));
        decorated.sort((a, b) => {
          for (let k = 0; k < keys.length; k += 1) {
            const c = compareForSort(a.values[k], b.values[k], keys[k]!.descending);
            if (c !== 0) return c;
          }
          return a.i - b.i;
        });
        rows = decorated.map((d) => d.row);
        ordered = true;
        break;
      }
      case 'limit':
        if (!ordered) rows = defaultOrder(rows);
        ordered = true;
        rows = rows.slice(0, stage.count);
        break;
      case 'dedup': {
        if (!ordered) rows = defaultOrder(rows);
        ordered = true;
        const seen = new Set<string>();
        rows = rows.filter((row) => {
          const key = dedupKey(stage.keys.map((k) => k(row)));
          if (key === undefined) return true;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        break;
      }
    }
    signal.throwIfAborted();
  }
  if (!ordered) rows = defaultOrder(rows);
  const cap = Math.min(limit ?? maxResults, maxResults);
  if (rows.length > cap) rows = rows.slice(0, cap);

  const results: QueryResultField[][] = rows.map((row) => {
    const fields: QueryResultField[] = [];
    for (const column of pipeline.columns) {
      const value = row.get(column.name);
      if (value === undefined) continue;
      const rendered = library.renderValue(value, column.type);
      if (rendered !== undefined) fields.push({ field: column.name, value: rendered });
    }
    if (
      !pipeline.aggregated &&
      row instanceof EventRow &&
      !pipeline.columns.some((c) => c.name === '@ptr')
    )
      fields.push({ field: '@ptr', value: eventPointer(row.event) });
    return fields;
  });
  return {
    results,
    statistics: { recordsMatched: matched, recordsScanned: scanned, bytesScanned: bytes },
  };
}

function passesPrefilter(message: string, raw: string[], json: string[]): boolean {
  for (let i = 0; i < raw.length; i += 1) if (!message.includes(raw[i]!)) return false;
  if (json.length === 0) return true;
  for (let i = 0; i < json.length; i += 1)
    if (!message.includes(json[i]!)) return message.includes('\\');
  return true;
}
