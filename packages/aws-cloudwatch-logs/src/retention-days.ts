/**
 * The retention periods PutRetentionPolicy accepts, a closed set: any other number is
 * refused by the service. Named for reading; the values are the days themselves.
 */
export const RetentionDays = Object.freeze({
  OneDay: 1,
  ThreeDays: 3,
  FiveDays: 5,
  OneWeek: 7,
  TwoWeeks: 14,
  OneMonth: 30,
  TwoMonths: 60,
  ThreeMonths: 90,
  FourMonths: 120,
  FiveMonths: 150,
  SixMonths: 180,
  OneYear: 365,
  ThirteenMonths: 400,
  EighteenMonths: 545,
  TwoYears: 731,
  ThreeYears: 1096,
  FiveYears: 1827,
  SixYears: 2192,
  SevenYears: 2557,
  EightYears: 2922,
  NineYears: 3288,
  TenYears: 3653,
} as const);

export type RetentionDays = (typeof RetentionDays)[keyof typeof RetentionDays];

/** Every accepted value, ascending. */
export const RETENTION_DAYS_VALUES: readonly RetentionDays[] = Object.freeze(
  Object.values(RetentionDays).sort((a, b) => a - b),
);

const accepted: ReadonlySet<number> = new Set(RETENTION_DAYS_VALUES);

export function isRetentionDays(value: unknown): value is RetentionDays {
  return typeof value === 'number' && accepted.has(value);
}
