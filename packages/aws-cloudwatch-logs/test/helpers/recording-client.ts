import { type ClientExtras, createClientOnCaller } from '../../src/client.js';

/** A client on a caller that records every PutLogEvents message it is given, in order. */
export function recordingClient(extras: ClientExtras = {}) {
  const sent: string[] = [];
  const client = createClientOnCaller(
    {
      call: async <T>(operation: string, input: unknown): Promise<T> => {
        if (operation === 'PutLogEvents')
          for (const e of (input as { logEvents: { message: string }[] }).logEvents)
            sent.push(e.message);
        return {} as T;
      },
    },
    { region: 'us-east-1', defaultLogGroup: undefined, defaultRetentionDays: undefined },
    { now: () => Date.UTC(2026, 0, 1) },
    extras,
  );
  return { client, sent };
}
