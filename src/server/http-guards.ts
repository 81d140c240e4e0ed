/**
 * HTTP-only guards in front of Yoga: a bound on request bodies, and a clean 400 for
 * `variables`/`extensions` that are not JSON in a GET query string or a form body.
 */
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

interface NodeServerContext {
  req?: IncomingMessage;
}

/**
 * Yoga reads whatever body it is sent, so without this one request could fill the
 * server's memory. Over the limit: 413 with a GraphQL error PAYLOAD_TOO_LARGE carrying
 * `limit` (and `size` when the client declared it).
 */
export function useBodyLimit(maxBytes: number): Plugin<object, NodeServerContext> {
  return {
    onRequest({ request, serverContext, setRequest, endResponse, fetchAPI }) {
      if (request.method === 'GET' || request.method === 'HEAD') return;
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        // Node's parser never delivers more than a Content-Length it accepted, so a
        // declared size within the limit needs no counting: Yoga streams it as usual.
        const size = Number(declared);
        if (size > maxBytes) endResponse(tooLarge(fetchAPI.Response, maxBytes, size));
        return;
      }
      // Chunked (or otherwise undeclared) body: read it here, counting, and hand Yoga a
      // request with the buffered body. At most maxBytes is ever held.
      const read = serverContext.req
        ? readNodeBody(serverContext.req, maxBytes)
        : readWebBody(request.body, maxBytes);
      return read.then((body) => {
        if (body === 'too-large') return endResponse(tooLarge(fetchAPI.Response, maxBytes));
        if (body === 'aborted') return endResponse(aborted(fetchAPI.Response));
        setRequest(
          new fetchAPI.Request(request.url, {
            method: request.method,
            headers: request.headers,
            body,
            signal: request.signal,
          }),
        );
      });
    },
  };
}

type ReadResult = Uint8Array<ArrayBuffer> | 'too-large' | 'aborted';

/**
 * Reads from the Node request with listeners rather than an async iterator: breaking
 * out of an iterator destroys the socket, and the client would never see the 413.
 * Past the limit the rest of the body is drained (read and dropped), so the response
 * reaches a client that is still sending and the connection stays usable.
 */
function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<ReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: ReadResult) => {
      req.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      finish('too-large');
      req.on('error', () => {}); // the client may go away while we drain
      req.resume();
    };
    const onEnd = () => finish(Buffer.concat(chunks, size));
    // A client that goes away mid-body: nothing to answer, but never an unhandled error.
    const onClose = () => finish('aborted');
    req.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onClose);
  });
}

/** yoga.fetch (tests, no socket): the same bounded read from a web stream. */
async function readWebBody(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<ReadResult> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      return 'too-large';
    }
    chunks.push(value);
  }
}

function tooLarge(Response: typeof globalThis.Response, limit: number, size?: number): Response {
  const message =
    size === undefined
      ? `request body is over the limit of ${limit} bytes`
      : `request body is ${size} bytes; the limit is ${limit}`;
  const extensions = { code: 'PAYLOAD_TOO_LARGE', ...(size === undefined ? {} : { size }), limit };
  return Response.json({ errors: [{ message, extensions }] }, { status: 413 });
}

function aborted(Response: typeof globalThis.Response): Response {
  const extensions = { code: 'BAD_USER_INPUT' };
  return Response.json(
    { errors: [{ message: 'request body incomplete', extensions }] },
    { status: 400 },
  );
}

/**
 * Yoga's GET and form parsers JSON.parse `variables` and `extensions` unguarded, so
 * `?variables=[` came out as a SyntaxError, masked as a 500 (found by test/fuzz.test.ts).
 * Its JSON-body parser already answers 400; these now do the same.
 */
export function useMalformedParamsAs400(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (!(error instanceof SyntaxError)) throw error;
          throw new GraphQLError('variables and extensions must be JSON objects', {
            extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
          });
        }
      });
    },
  };
}
