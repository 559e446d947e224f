/**
 * Answer text to bytes. Latin-1 is Node's own encoder, which is several times faster than
 * iconv-lite's on a page of a thousand articles; Node writes the low byte of a character outside
 * Latin-1 (`€` would become 0xAC), so those are first replaced by `?`, one per UTF-16 unit, which
 * is exactly what iconv-lite wrote (an emoji becomes `??`).
 */
const NOT_LATIN1 = /[\u0100-\uFFFF]/g;

export function encodeLatin1(text: string): Buffer {
  return Buffer.from(text.replace(NOT_LATIN1, '?'), 'latin1');
}

export function encodeAnswer(text: string, utf8: boolean): Buffer {
  return utf8 ? Buffer.from(text, 'utf8') : encodeLatin1(text);
}
