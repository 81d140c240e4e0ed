/**
 * The words of start-up failures, without a child process: a bad REDIS_URL is a config
 * error that does not echo its password; secret URI parameters are masked by name and by
 * value; a MongoDB URI the driver rejects is reported as unreadable, not as refused.
 */
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { describeStartupError, maskCredentials } from '../src/startup-errors.js';

describe('start-up error lines', () => {
  it('an invalid REDIS_URL stops the start as a config error that does not show the password', () => {
    const attempt = () => loadConfig({ REDIS_URL: 'redis://:s3cret-pw@127.0.0.1:99999' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/REDIS_URL/);
    expect(attempt).not.toThrow(/s3cret-pw/);
    expect(loadConfig({ REDIS_URL: 'redis://:pw@127.0.0.1:6390/2' }).redisUrl).toBe(
      'redis://:pw@127.0.0.1:6390/2',
    );
  });

  it('masks passwords and secret parameters, by name and by value', () => {
    expect(maskCredentials('mongodb://alice:pw@h:1/x?tls=true&password=p2')).toBe(
      'mongodb://alice:***@h:1/x?tls=true&password=***',
    );
    const aws =
      'mongodb://h/x?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:tok3n-value';
    expect(maskCredentials(aws)).not.toContain('tok3n-value');
    expect(maskCredentials(aws)).toContain('authMechanism=MONGODB-AWS');
  });

  it('a MongoDB URI the driver rejects (a port out of range) is unreadable, not refused', () => {
    const uri = 'mongodb://alice:pw@127.0.0.1:99999/x';
    let error: unknown;
    try {
      new MongoClient(uri);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(Error);
    const line = describeStartupError(error, loadConfig({ MONGODB_URI: uri }))?.message;
    expect(line).toMatch(
      /^invalid configuration: MONGODB_URI=mongodb:\/\/alice:\*\*\*@127\.0\.0\.1:99999\/x is not a MongoDB connection string/,
    );
    expect(line).not.toContain(':pw@');
  });
});
