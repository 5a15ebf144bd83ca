import type {
  EnsureStreamOptions,
  PutLogEventsRequest,
  PutLogEventsResponse,
  RequestOptions,
} from '../types.js';
import type { BatchBufferOptions } from './options.js';

/** What a standalone buffer needs of a client: `createCloudWatchLogsClient()` returns one. */
export interface BatchSinkClient {
  readonly events: {
    put(request: PutLogEventsRequest, options?: RequestOptions): Promise<PutLogEventsResponse>;
  };
  readonly streams: {
    ensureExists(
      logGroupName: string,
      logStreamName: string,
      options?: EnsureStreamOptions,
    ): Promise<void>;
  };
}

/**
 * The `put` and `ensureStream` of a standalone `createBatchBuffer` on a client:
 * `createBatchBuffer({ ...clientSink(client), maxBatchEvents: 500 })`. Batches go through
 * `client.events.put`, so a batch failing its checks (an event over 14 days old, say) is
 * reported to `onDropped` as failed rather than sent.
 */
export function clientSink(
  client: BatchSinkClient,
): Pick<BatchBufferOptions, 'put' | 'ensureStream'> {
  return {
    put: (logGroupName, logStreamName, logEvents, signal) =>
      client.events.put({ logGroupName, logStreamName, logEvents }, { signal }),
    // The buffer asks only after the service said the stream is gone, so no cache may answer.
    ensureStream: (logGroupName, logStreamName) =>
      client.streams.ensureExists(logGroupName, logStreamName, {
        createGroup: true,
        recheck: true,
      }),
  };
}
