import { describe, expect, it } from 'vitest';
import {
  errorFromAnswer,
  fillMagentoMessage,
  magentoErrorText,
  parseRetryAfter,
} from '../../../src/connectors/magento/http-errors.ts';

describe('fillMagentoMessage', () => {
  it.each([
    ['The "%1" attribute value is empty.', ['name'], 'The "name" attribute value is empty.'],
    ['%1 of %2, %10', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], 'a of b, j'],
    ['Missing %2', ['only-one'], 'Missing %2'],
    ['"%fieldName" is required.', { fieldName: 'sku' }, '"sku" is required.'],
    ['%value for %fieldName', { value: 0, fieldName: 'qty' }, '0 for qty'],
    ['No parameters, 100% plain', undefined, 'No parameters, 100% plain'],
  ])('%s', (message, parameters, expected) => {
    expect(fillMagentoMessage(message, parameters)).toBe(expected);
  });
});

describe('magentoErrorText', () => {
  it.each([
    [{ message: 'Plain' }, 'Plain'],
    [{ message: 'Same', errors: [{ message: 'Same' }] }, 'Same'],
    [{ errors: [{ message: 'Only %1', parameters: ['sub'] }] }, 'Only sub'],
    [{ trace: 'x' }, undefined],
    ['a string', undefined],
  ])('%j', (body, expected) => {
    expect(magentoErrorText(body)).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  it.each([
    ['5', 5_000],
    ['0', 0],
    ['1.5', 1_500],
    ['Sun, 01 Mar 2026 10:00:30 GMT', 30_000],
    ['Sun, 01 Mar 2026 09:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('%s -> %s', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe('errorFromAnswer classification', () => {
  const answer = (status: number, headers: { retryAfter?: string } = {}) => ({
    method: 'GET',
    path: '/rest/V1/x',
    status,
    contentType: 'application/json',
    bodyText: '{}',
    retryAfterHeader: headers.retryAfter ?? null,
  });
  it.each([
    [400, 'permanent', 'magento-400'],
    [401, 'permanent', 'magento-401'],
    [404, 'permanent', 'magento-404'],
    [408, 'transient', 'magento-408'],
    [429, 'transient', 'magento-429'],
    [500, 'transient', 'magento-500'],
    [503, 'transient', 'magento-503'],
  ])('%i is %s', (status, kind, code) => {
    const error = errorFromAnswer(answer(status), { ok: true, value: { message: 'm' } });
    expect(error.kind).toBe(kind);
    expect(error.code).toBe(code);
  });
  it('takes Retry-After only from 429 and 503', () => {
    expect(errorFromAnswer(answer(503, { retryAfter: '7' }), { ok: true, value: {} }).retryAfterMs).toBe(
      7_000,
    );
    expect(
      errorFromAnswer(answer(500, { retryAfter: '7' }), { ok: true, value: {} }).retryAfterMs,
    ).toBeUndefined();
  });
  it('describes a non-JSON body by its text when there is no title', () => {
    const error = errorFromAnswer(
      {
        ...answer(500),
        contentType: 'text/plain',
        bodyText: 'PHP Fatal error:  Allowed memory size exhausted',
      },
      { ok: false },
    );
    expect(error.message).toContain(
      'non-JSON body (text/plain): "PHP Fatal error: Allowed memory size exhausted"',
    );
    expect(error.details).toMatchObject({ nonJson: true });
  });
});
