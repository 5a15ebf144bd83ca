/** The value of header `name`, case-insensitively; repeated values joined with ", ". */
export function header(
  headers: Record<string, string | string[]>,
  name: string,
): string | undefined {
  const direct = headers[name];
  if (direct !== undefined) return Array.isArray(direct) ? direct.join(', ') : direct;
  for (const key of Object.keys(headers)) {
    if (key.length === name.length && key.toLowerCase() === name) {
      const value = headers[key]!;
      return Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return undefined;
}
