/**
 * Start-up failures of the infrastructure (MongoDB, Redis, the port) as one line for
 * the operator, like a ConfigError: which setting, the address tried (credentials
 * masked) and what to do. main.ts prints it on stderr and exits 1; anything not
 * recognised here is a bug and keeps its stack trace.
 */
import {
  MongoAPIError,
  MongoError,
  MongoInvalidArgumentError,
  MongoParseError,
  MongoRuntimeError,
  MongoServerSelectionError,
} from 'mongodb';
import type { Config } from './config.js';

/** A start-up failure already put in words; main.ts prints `Parley: <message>`. */
export class StartupError extends Error {}

/** Redis did not connect at start (services/redis.ts): the reason is the last connection error. */
export class RedisStartError extends Error {}

/** The StartupError for a failure of buildApp or app.start, or undefined if it is not one. */
export function describeStartupError(err: unknown, config: Config): StartupError | undefined {
  const line = startupErrorLine(err, config);
  return line === undefined ? undefined : new StartupError(line);
}

function startupErrorLine(err: unknown, config: Config): string | undefined {
  if (err instanceof RedisStartError && config.redisUrl) {
    const reason = redact(err.message, config.redisUrl);
    return `cannot start: Redis at ${maskCredentials(config.redisUrl)} (REDIS_URL) is unreachable: ${reason}. Start Redis there, correct REDIS_URL, or unset it to run a single instance.`;
  }
  if (isMongoError(err) && config.mongodbUri) return mongoLine(err, config.mongodbUri);
  const listen = err as NodeJS.ErrnoException;
  if (listen?.syscall === 'listen') return listenLine(listen, config);
  return undefined;
}

/**
 * The driver's errors, and the MongoParseError of mongodb-connection-string-url (the
 * driver's URI parser, with a class of its own of the same name).
 */
function isMongoError(err: unknown): err is Error {
  return err instanceof MongoError || isUnreadableUri(err) || isSrvLookupFailure(err);
}

/** mongodb+srv:// looks the hosts up in DNS first; Node's resolver throws its own error. */
function isSrvLookupFailure(err: unknown): boolean {
  const syscall = (err as NodeJS.ErrnoException | undefined)?.syscall;
  return syscall === 'querySrv' || syscall === 'queryTxt';
}

function isUnreadableUri(err: unknown): boolean {
  return (
    err instanceof MongoParseError ||
    err instanceof MongoAPIError ||
    // Also the driver's own URI checks: an option value it refuses, and a host it cannot
    // parse (a port out of range), which it reports as a runtime error of its parser.
    err instanceof MongoInvalidArgumentError ||
    (err instanceof MongoRuntimeError && err.message.startsWith('Unable to parse')) ||
    (err instanceof Error && err.name === 'MongoParseError')
  );
}

function mongoLine(err: Error, uri: string): string {
  const address = maskCredentials(uri);
  const reason = redact(err.message, uri);
  // A URI the driver cannot read (scheme, host list, options): nothing was tried.
  if (isUnreadableUri(err)) {
    return `invalid configuration: MONGODB_URI=${address} is not a MongoDB connection string: ${reason}. Use mongodb://[user:password@]host[:port][/database] or mongodb+srv://..., or unset MONGODB_URI for the in-memory store.`;
  }
  if (isSrvLookupFailure(err)) {
    return `cannot start: the DNS lookup for MongoDB at ${address} (MONGODB_URI) failed: ${reason}. Check the host name in MONGODB_URI and this machine's DNS.`;
  }
  if (err instanceof MongoServerSelectionError) {
    return `cannot start: MongoDB at ${address} (MONGODB_URI) is unreachable: ${reason}. Start MongoDB there or correct MONGODB_URI.`;
  }
  // Connected, then refused: authentication, authorisation, a command at init.
  return `cannot start: MongoDB at ${address} (MONGODB_URI) refused: ${reason}. Check the user, password and database in MONGODB_URI.`;
}

function listenLine(err: NodeJS.ErrnoException, config: Config): string | undefined {
  const where = `port ${config.port} on ${config.host} (PORT=${config.port}, HOST=${config.host})`;
  switch (err.code) {
    case 'EADDRINUSE':
      return `cannot start: ${where} is already in use. Stop the process that listens there or choose another PORT.`;
    case 'EACCES':
      return `cannot start: no permission to listen on ${where}. Ports below 1024 need privileges: choose PORT=1024 or above (a proxy can forward to it).`;
    case 'EADDRNOTAVAIL':
      return `cannot start: cannot listen on ${where}: HOST is not an address of this machine. Use 127.0.0.1, 0.0.0.0 or one of its addresses.`;
    default:
      return `cannot start: cannot listen on ${where}: ${err.code ?? err.message}.`;
  }
}

/** Matched against a parameter's name and value (authMechanismProperties=AWS_SESSION_TOKEN:...). */
const SENSITIVE_PARAM = /pass|secret|token|key|authMechanismProperties/i;

/**
 * scheme://user:***@host:port/path?param=***: the password (everything between the
 * user name's colon and the last @) and sensitive query parameters hidden. Works on
 * strings no URL parser accepts (an invalid MONGODB_URI is echoed too).
 */
export function maskCredentials(uri: string): string {
  const { start, at, userinfo } = userinfoOf(uri);
  const colon = userinfo.indexOf(':');
  const masked =
    colon === -1 ? uri : `${uri.slice(0, start)}${userinfo.slice(0, colon)}:***${uri.slice(at)}`;
  return masked.replace(
    /([?&])([^=&]+)=([^&]*)/g,
    (all, sep: string, name: string, value: string) =>
      SENSITIVE_PARAM.test(name) || SENSITIVE_PARAM.test(value) ? `${sep}${name}=***` : all,
  );
}

/** Between the scheme's `://` (or the start) and the last `@`; empty without an `@`. */
function userinfoOf(uri: string): { start: number; at: number; userinfo: string } {
  const at = uri.lastIndexOf('@');
  if (at === -1) return { start: 0, at: 0, userinfo: '' };
  const schemeEnd = uri.indexOf('://');
  const start = schemeEnd !== -1 && schemeEnd < at ? schemeEnd + 3 : 0;
  return { start, at, userinfo: uri.slice(start, at) };
}

/** A driver's message might quote the address: never with its password. */
function redact(text: string, uri: string): string {
  let out = oneLine(text).split(uri).join(maskCredentials(uri));
  const { userinfo } = userinfoOf(uri);
  const colon = userinfo.indexOf(':');
  const password = colon === -1 ? '' : userinfo.slice(colon + 1);
  // A very short one can't be searched for without mangling the rest of the message.
  if (password.length >= 3) out = out.split(password).join('***');
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
