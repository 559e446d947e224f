import { describe, expect, it } from 'vitest';
import { classifyError, errorCode, PermanentError, TransientError } from '../../src/domain/errors.ts';

describe('errorCode', () => {
  it('answers a text code, whatever carries it', () => {
    expect(errorCode(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(errorCode({ code: '23505', message: 'duplicate key' })).toBe('23505');
  });

  it('answers undefined for no code, a code that is not text, and values that are not objects', () => {
    expect(errorCode(new Error('plain'))).toBeUndefined();
    expect(errorCode({ code: 42 })).toBeUndefined();
    expect(errorCode(null)).toBeUndefined();
    expect(errorCode(undefined)).toBeUndefined();
    expect(errorCode('ECONNRESET')).toBeUndefined();
  });
});

describe('classifyError', () => {
  it('keeps a SyncError as it is', () => {
    const error = new PermanentError('unknown SKU', { code: 'unknown-sku' });
    expect(classifyError(error)).toBe(error);
  });

  it('judges network codes transient, on the error or on its cause', () => {
    const own = classifyError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    expect(own).toBeInstanceOf(TransientError);
    expect(own.code).toBe('network');
    const wrapped = classifyError(
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('socket'), { code: 'UND_ERR_SOCKET' }),
      }),
    );
    expect(wrapped.kind).toBe('transient');
  });

  it('judges aborts and timeouts transient', () => {
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    expect(classifyError(abort).kind).toBe('transient');
    const timeout = new Error('timed out');
    timeout.name = 'TimeoutError';
    expect(classifyError(timeout).kind).toBe('transient');
  });

  it('judges anything else permanent, with its message, so it reaches a person', () => {
    const bug = classifyError(new TypeError("Cannot read properties of undefined (reading 'sku')"));
    expect(bug).toBeInstanceOf(PermanentError);
    expect(bug.code).toBe('internal');
    expect(bug.message).toContain("reading 'sku'");
    expect(classifyError(Object.assign(new Error('duplicate key'), { code: '23505' })).kind).toBe(
      'permanent',
    );
    expect(classifyError('just text').kind).toBe('permanent');
  });
});
