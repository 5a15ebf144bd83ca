import { type Accumulator, type AggregateSpec, compileAggregate } from './aggregates.js';
import type { Command, Expr, NamedExpr, Query } from './ast.js';
import { type Compiled, compileExpr, fieldType, type Scope } from './evaluator.js';
import { type Row, ValueRow } from './record.js';
import { compareValues, toNumber, truthy, valueKey } from './semantics.js';
import type { FunctionContext, ScalarFunction, Value, ValueType } from './value.js';

/** A command that looks at one row at a time: false drops the row. */
export interface MapStage {
  kind: 'map';
  apply(row: Row): boolean;
}

export interface StatsStage {
  kind: 'stats';
  start(): StatsRun;
}

export type Stage =
  | MapStage
  | StatsStage
  | { kind: 'sort'; keys: Array<{ evaluate: Compiled['evaluate']; descending: boolean }> }
  | { kind: 'limit'; count: number }
  | { kind: 'dedup'; keys: Array<Compiled['evaluate']> };

/** A query compiled to stages, with the columns its results show and how to render them. */
export interface Pipeline {
  stages: Stage[];
  columns: Array<{ name: string; type: ValueType }>;
  /** Whether results are stats groups (no `@ptr`). */
  aggregated: boolean;
  /**
   * Cheap tests on the raw message that every event the leading filters keep passes: text the
   * message must contain (`raw`), and text it must contain unless it has a JSON escape (`json`).
   */
  prefilter: { raw: string[]; json: string[] };
}

export interface CompileOptions {
  functions: ReadonlyMap<string, ScalarFunction>;
  context: FunctionContext;
  current: { row: Row | undefined };
}

export function compilePipeline(query: Query, options: CompileOptions): Pipeline {
  const types = new Map<string, ValueType>();
  const scope = (): Scope => ({
    text: query.text,
    functions: options.functions,
    context: options.context,
    current: options.current,
    types,
  });
  const stages: Stage[] = [];
  let columns: string[] | undefined;
  let display: string[] | undefined;
  let parsed: string[] = [];
  let aggregated = false;
  const addColumn = (name: string) => {
    columns ??= [];
    if (!columns.includes(name)) columns.push(name);
  };

  const computeItems = (items: NamedExpr[]): MapStage | undefined => {
    const ops: Array<[string, Compiled['evaluate']]> = [];
    for (const item of items) {
      if (!item.aliased && item.expr.kind === 'field') continue;
      const compiled = compileExpr(item.expr, scope());
      types.set(item.name, compiled.type);
      ops.push([item.name, compiled.evaluate]);
    }
    if (ops.length === 0) return undefined;
    return {
      kind: 'map',
      apply(row) {
        for (const [name, evaluate] of ops) row.set(name, evaluate(row));
        return true;
      },
    };
  };

  for (const command of query.commands) {
    switch (command.kind) {
      case 'filter': {
        const { evaluate } = compileExpr(command.expr, scope());
        stages.push({ kind: 'map', apply: (row) => truthy(evaluate(row)) });
        break;
      }
      case 'fields': {
        const stage = computeItems(command.items);
        if (stage) stages.push(stage);
        for (const item of command.items) addColumn(item.name);
        break;
      }
      case 'display': {
        const stage = computeItems(command.items);
        if (stage) stages.push(stage);
        display = command.items.map((i) => i.name);
        break;
      }
      case 'parse':
        stages.push(compileParse(command, scope()));
        for (const name of parseNames(command)) {
          types.set(name, 'string');
          if (columns) addColumn(name);
          else if (!parsed.includes(name)) parsed.push(name);
        }
        break;
      case 'stats': {
        const { stage, columns: statsColumns } = compileStats(command, scope());
        stages.push(stage);
        types.clear();
        for (const c of statsColumns) types.set(c.name, c.type);
        columns = statsColumns.map((c) => c.name);
        display = undefined;
        parsed = [];
        aggregated = true;
        break;
      }
      case 'sort':
        stages.push({
          kind: 'sort',
          keys: command.keys.map((k) => ({
            evaluate: compileExpr(k.expr, scope()).evaluate,
            descending: k.descending,
          })),
        });
        break;
      case 'limit':
        stages.push({ kind: 'limit', count: command.count });
        break;
      case 'dedup':
        stages.push({
          kind: 'dedup',
          keys: command.fields.map((f) => compileExpr(f, scope()).evaluate),
        });
        break;
    }
  }
  const names = display ?? columns ?? ['@timestamp', '@message', ...parsed];
  const probe = scope();
  return {
    stages,
    columns: names.map((name) => ({ name, type: fieldType(probe, name) })),
    aggregated,
    prefilter: prefilterOf(query.commands),
  };
}

function parseNames(command: Extract<Command, { kind: 'parse' }>): string[] {
  const p = command.pattern;
  if (p.kind === 'glob') return p.names;
  return p.names ?? p.regex.groups.map(([, field]) => field);
}

function compileParse(command: Extract<Command, { kind: 'parse' }>, scope: Scope): MapStage {
  const source = compileExpr(command.source, scope).evaluate;
  const p = command.pattern;
  const regex = p.kind === 'glob' ? p.regex : p.regex.regex;
  const byPosition = p.kind === 'glob' ? p.names : p.names;
  const byName = p.kind === 'regex' && !p.names ? p.regex.groups : undefined;
  return {
    kind: 'map',
    apply(row) {
      const value = source(row);
      if (value === undefined) return true;
      const match = regex.exec(String(value));
      if (!match) return true;
      if (byName) {
        for (const [group, field] of byName) row.set(field, match.groups?.[group]);
      } else if (byPosition) {
        for (let i = 0; i < byPosition.length; i += 1) row.set(byPosition[i]!, match[i + 1]);
      }
      return true;
    },
  };
}

/** The groups of a stats command being filled. */
export interface StatsRun {
  add(row: Row, timestamp: number | undefined): void;
  finish(): Row[];
}

interface Group {
  keys: Value[];
  accumulators: Accumulator[];
  latest: number;
  order: number;
}

function compileStats(
  command: Extract<Command, { kind: 'stats' }>,
  recordScope: Scope,
): { stage: StatsStage; columns: Array<{ name: string; type: ValueType }> } {
  const by = command.by.map((b) => ({ name: b.name, compiled: compileExpr(b.expr, recordScope) }));
  const specs: AggregateSpec[] = [];
  const groupTypes = new Map<string, ValueType>();
  for (const b of by) groupTypes.set(b.name, b.compiled.type);
  const itemScope: Scope = {
    ...recordScope,
    types: groupTypes,
    aggregate(call) {
      const spec = compileAggregate(call, recordScope);
      const slot = `\u0000${specs.length}`;
      specs.push(spec);
      return { evaluate: (row) => row.get(slot), type: spec.type };
    },
  };
  const items = command.items.map((item) => {
    const compiled = compileExpr(item.expr, itemScope);
    groupTypes.set(item.name, compiled.type);
    return { name: item.name, compiled };
  });
  const keyEvaluators = by.map((b) => b.compiled.evaluate);
  const columns = [
    ...by.map((b) => ({ name: b.name, type: b.compiled.type })),
    ...items.map((i) => ({ name: i.name, type: i.compiled.type })),
  ];
  return {
    columns,
    stage: {
      kind: 'stats',
      start(): StatsRun {
        const groups: Group[] = [];
        // Nested maps keyed by each group-by value in turn: no key string per row.
        const root = new Map<Value, unknown>();
        const depth = keyEvaluators.length;
        const newGroup = (keys: Value[]): Group => {
          const group: Group = {
            keys,
            accumulators: specs.map((s) => s.create()),
            latest: Number.NEGATIVE_INFINITY,
            order: groups.length,
          };
          groups.push(group);
          return group;
        };
        let single: Group | undefined;
        return {
          add(row, timestamp) {
            let group: Group;
            if (depth === 0) group = single ??= newGroup([]);
            else {
              let map = root;
              const keys: Value[] = new Array(depth);
              for (let i = 0; i < depth - 1; i += 1) {
                const k = keyEvaluators[i]!(row);
                keys[i] = k;
                let next = map.get(k) as Map<Value, unknown> | undefined;
                if (next === undefined) {
                  next = new Map();
                  map.set(k, next);
                }
                map = next;
              }
              const last = keyEvaluators[depth - 1]!(row);
              keys[depth - 1] = last;
              let found = map.get(last) as Group | undefined;
              if (found === undefined) {
                // Keys read again only for the first row of the group.
                found = newGroup(keys);
                map.set(last, found);
              }
              group = found;
            }
            if (timestamp !== undefined && timestamp > group.latest) group.latest = timestamp;
            for (const a of group.accumulators) a.add(row);
          },
          finish() {
            // Newest group first, as the events reach stats newest first.
            const ordered = [...groups].sort((a, b) => b.latest - a.latest || a.order - b.order);
            return ordered.map((group) => {
              const work = new ValueRow();
              for (let i = 0; i < by.length; i += 1) work.set(by[i]!.name, group.keys[i]);
              for (let i = 0; i < group.accumulators.length; i += 1)
                work.set(`\u0000${i}`, group.accumulators[i]!.result());
              const out = new ValueRow();
              for (let i = 0; i < by.length; i += 1) out.set(by[i]!.name, group.keys[i]);
              for (const item of items) {
                const value = item.compiled.evaluate(work);
                work.set(item.name, value);
                out.set(item.name, value);
              }
              return out;
            });
          },
        };
      },
    },
  };
}

/** Sort order: absent values last whatever the direction. */
export function compareForSort(a: Value, b: Value, descending: boolean): number {
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  const c = compareValues(a, b) ?? 0;
  return descending ? -c : c;
}

export function dedupKey(values: Value[]): string | undefined {
  let key = '';
  for (const v of values) {
    if (v === undefined) return undefined;
    key += `${valueKey(v)}\u0001`;
  }
  return key;
}

// ---- raw-text prefilter ----

const UNSAFE_NEEDLE = /[[\]{}",\\\u0000-\u001f]/;

/** Text a JSON field's string value must show verbatim in the raw message (absent escapes). */
function jsonNeedle(literal: Expr): string | undefined {
  if (literal.kind !== 'literal' || typeof literal.value !== 'string') return undefined;
  const text = literal.value;
  if (text === '' || UNSAFE_NEEDLE.test(text) || toNumber(text) !== undefined) return undefined;
  return text;
}

const isJsonField = (e: Expr): e is Extract<Expr, { kind: 'field' }> =>
  e.kind === 'field' &&
  !['@timestamp', '@ingestionTime', '@message', '@logStream', '@log', '@ptr'].includes(e.name);

function collectNeedles(expr: Expr, raw: string[], json: string[]): void {
  if (expr.kind === 'binary' && expr.op === 'and') {
    collectNeedles(expr.left, raw, json);
    collectNeedles(expr.right, raw, json);
    return;
  }
  if (expr.kind === 'binary' && expr.op === '=') {
    const [field, literal] = isJsonField(expr.left)
      ? [expr.left, expr.right]
      : [expr.right, expr.left];
    if (!isJsonField(field)) return;
    const needle = jsonNeedle(literal);
    if (needle !== undefined) json.push(needle);
    return;
  }
  if (expr.kind === 'like' && !expr.negated && expr.pattern.kind === 'string') {
    const operand = expr.operand;
    if (operand.kind === 'field' && operand.name === '@message') raw.push(expr.pattern.value);
    else if (isJsonField(operand)) {
      const needle = jsonNeedle({
        ...operand,
        kind: 'literal',
        value: expr.pattern.value,
        period: false,
      });
      if (needle !== undefined) json.push(needle);
    }
  }
}

/**
 * Needles from the filters the query starts with: before any command computes a field, a
 * field that is not a system field can only come from the message's JSON, so an equality to a
 * plain string (or a substring match) needs that string in the raw message, unless the JSON
 * spells it with escapes (any backslash disables the JSON needles).
 */
function prefilterOf(commands: Command[]): { raw: string[]; json: string[] } {
  const raw: string[] = [];
  const json: string[] = [];
  for (const command of commands) {
    if (command.kind !== 'filter') break;
    collectNeedles(command.expr, raw, json);
  }
  return { raw, json };
}
