/**
 * Which MongoDB driver errors mean "the database is unreachable" (an outage, answered
 * as DB_UNAVAILABLE) rather than a failed operation. Only the Mongo store knows its
 * driver's errors; callers ask `store.isUnavailable(err)`.
 */
import {
  MongoClientClosedError,
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';

/**
 * What the driver throws when it cannot reach a usable server: no server to select
 * (down, or still reconnecting), a connection that broke (MongoNetworkError, which
 * also covers a pool cleared after a network error and network timeouts), an
 * operation out of time, a client or pool that is closed (shutting down), or a
 * checkout that waited too long for a connection.
 */
const OUTAGE_CLASSES = [
  MongoServerSelectionError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoTopologyClosedError,
  MongoClientClosedError,
  MongoServerClosedError,
];
/** Driver errors whose classes are not exported. */
const OUTAGE_NAMES = new Set(['MongoPoolClosedError', 'MongoWaitQueueTimeoutError']);
/**
 * Server replies that mean "not now" rather than "wrong": shutting down, a replica
 * set between primaries, an unreachable host (the driver retries the same codes).
 */
const OUTAGE_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

/** This error itself (not what it wraps: the caller looks through wrappers). */
export function isMongoUnavailable(error: unknown): boolean {
  if (OUTAGE_CLASSES.some((type) => error instanceof type)) return true;
  if (error instanceof MongoError && OUTAGE_NAMES.has(error.name)) return true;
  return (
    error instanceof MongoServerError &&
    typeof error.code === 'number' &&
    OUTAGE_CODES.has(error.code)
  );
}
