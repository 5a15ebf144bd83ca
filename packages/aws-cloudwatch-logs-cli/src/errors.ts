/** Bad usage: a wrong flag or argument. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;
}

/** An operation that failed for a reason the user can act on. Exit code 1. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  readonly exitCode = 1;
}

/** One line that says what went wrong and, where we know it, what to do. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const hint = hintFor(typeof code === 'string' ? code : error.name);
  const message = error.message.split('\n')[0] ?? error.name;
  return hint ? `${message} (${hint})` : message;
}

function hintFor(code: string): string | undefined {
  switch (code) {
    case 'CredentialsProviderError':
    case 'CredentialsNotFound':
      return 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or --profile, or run `cwlogs demo` which needs no AWS account';
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
      return 'check the credentials for this endpoint';
    case 'ResourceNotFoundException':
      return 'check the log group and stream names with `cwlogs groups ls`';
    case 'NetworkError':
    case 'RequestTimeoutError':
      return 'is the endpoint reachable? check --endpoint and --region';
    default:
      return undefined;
  }
}
