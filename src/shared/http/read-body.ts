import type { Readable } from 'node:stream';
import { OutboundError } from './errors.ts';

export interface ReadBody {
  bytes: Buffer;
  /** True when the body was longer than the limit and only its start was kept. */
  truncated: boolean;
}

/**
 * Reads a response body up to `limit` bytes. Past the limit the stream is destroyed at once
 * (closing the socket), so an oversized body is never held in memory: with `overflow:
 * 'throw'` that is a `too_large` failure, with `'truncate'` the start is kept for display.
 * Event-driven rather than `for await`, which costs an extra promise per chunk.
 */
export function readCapped(
  body: Readable,
  limit: number,
  overflow: 'throw' | 'truncate',
  declaredLength?: number,
): Promise<ReadBody> {
  if (declaredLength !== undefined && declaredLength > limit && overflow === 'throw') {
    body.destroy();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: Error | undefined, result?: ReadBody) => {
      if (done) return;
      done = true;
      // 'error' stays attached: destroying the body below emits one, which must not go unhandled.
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('close', onClose);
      if (error) reject(error);
      else resolve(result!);
    };
    const onData = (chunk: Buffer) => {
      if (size + chunk.length > limit) {
        // Settle first: destroying emits 'close', which must not count as an early end.
        if (overflow === 'throw') finish(tooLarge(limit));
        else {
          chunks.push(chunk.subarray(0, limit - size));
          finish(undefined, { bytes: Buffer.concat(chunks), truncated: true });
        }
        body.destroy();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    };
    const onEnd = () => finish(undefined, { bytes: Buffer.concat(chunks, size), truncated: false });
    const onError = (error: Error) => finish(error);
    const onClose = () => finish(new Error('The response ended early.'));
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}

function tooLarge(limit: number): OutboundError {
  return new OutboundError('too_large', `The response is larger than ${limit} bytes.`);
}
