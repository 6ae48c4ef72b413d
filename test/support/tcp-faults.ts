import { connect, createServer, type Server, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
};

/** An endpoint that accepts connections, reads what it is sent and never answers (a hung provider). */
export async function hungEndpoint(): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((socket) => socket.once('data', () => requests++));
  return { url: await listen(server), requests: () => requests };
}

/**
 * A proxy that holds each request for `delayMs`, then hands it to `target` whatever the caller did
 * meanwhile (a provider that takes the message late, after the caller gave up). `forwarded()` resolves
 * when the target has answered every request held so far.
 */
export async function lateEndpoint(target: string, delayMs: number): Promise<{ url: string; forwarded: () => Promise<void> }> {
  const { hostname, port } = new URL(target);
  const answers: Array<Promise<void>> = [];
  const server = createServer((client) => {
    const chunks: Buffer[] = [];
    client.on('data', (c: Buffer) => chunks.push(c));
    client.on('error', () => undefined);
    answers.push(
      new Promise<void>((resolve) => {
        setTimeout(() => {
          const upstream = connect(Number(port), hostname, () => upstream.write(Buffer.concat(chunks)));
          upstream.once('data', (answer) => {
            if (!client.destroyed) client.write(answer);
            upstream.end();
            resolve();
          });
          upstream.on('error', () => resolve());
        }, delayMs);
      }),
    );
  });
  return {
    url: await listen(server),
    forwarded: async () => {
      await Promise.all(answers);
    },
  };
}

/** A local port nobody listens on (connection refused). */
export async function closedEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
