import type { Value } from './value.js';

/** Offsets into the query string: `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'and'
  | 'or';

/** A `/regex/` of the query, compiled to JavaScript; `groups` maps capture names to field names. */
export interface InsightsRegex {
  source: string;
  regex: RegExp;
  /** Named groups in order: [JavaScript group name, field name]. */
  groups: Array<[string, string]>;
}

export type Expr = Span &
  (
    | { kind: 'literal'; value: Value; period: boolean }
    | { kind: 'field'; name: string }
    | { kind: 'star' }
    | { kind: 'unary'; op: '-' | 'not'; operand: Expr }
    | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
    | {
        kind: 'like';
        negated: boolean;
        operand: Expr;
        pattern: { kind: 'string'; value: string } | { kind: 'regex'; regex: InsightsRegex };
      }
    | { kind: 'in'; negated: boolean; operand: Expr; values: Expr[] }
    | { kind: 'call'; name: string; args: Expr[] }
  );

/** An expression with the name its result goes by (its alias, else its text). */
export interface NamedExpr {
  expr: Expr;
  name: string;
  aliased: boolean;
}

export interface SortKey {
  expr: Expr;
  descending: boolean;
}

export type Command = Span &
  (
    | { kind: 'fields'; items: NamedExpr[] }
    | { kind: 'display'; items: NamedExpr[] }
    | { kind: 'filter'; expr: Expr }
    | {
        kind: 'parse';
        source: Expr;
        pattern:
          | { kind: 'glob'; regex: RegExp; names: string[] }
          | { kind: 'regex'; regex: InsightsRegex; names: string[] | undefined };
      }
    | { kind: 'stats'; items: NamedExpr[]; by: NamedExpr[] }
    | { kind: 'sort'; keys: SortKey[] }
    | { kind: 'limit'; count: number }
    | { kind: 'dedup'; fields: Expr[] }
  );

export interface Query {
  text: string;
  commands: Command[];
}
