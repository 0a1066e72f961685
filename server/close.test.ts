// Stopping the server (`npm run server` on SIGTERM, the tests' harness): a keep-alive connection whose request was still
// running when the close began must not hold the close for Fastify's keep-alive timeout (72 s).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { closeHttp } from './app';

it('stops once running requests finish, not after the keep-alive timeout, and cuts a request that outlives the grace', async () => {
  const app = Fastify();
  app.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { done: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true });
  const get = (path: string) =>
    new Promise<{ status: number | undefined; body: string } | Error>((resolve) => {
      http
        .get({ host: '127.0.0.1', port, path, agent }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode, body }));
          res.on('error', resolve);
        })
        .on('error', resolve);
    });

  // A request in flight when the close begins: it is answered, then its connection closes at once.
  const slow = get('/slow');
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  await closeHttp(app, 3_000);
  expect(await slow).toEqual({ status: 200, body: '{"done":true}' });
  expect(Date.now() - started).toBeLessThan(2_500);
  agent.destroy();

  // A request that never ends is cut after the grace; the close still returns.
  const other = Fastify();
  other.get('/stuck', () => new Promise(() => undefined));
  await other.listen({ port: 0, host: '127.0.0.1' });
  const stuckPort = (other.server.address() as AddressInfo).port;
  const stuck = new Promise<Error | number | undefined>((resolve) =>
    http.get({ host: '127.0.0.1', port: stuckPort, path: '/stuck' }, (res) => resolve(res.statusCode)).on('error', resolve),
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  await closeHttp(other, 200);
  expect(await stuck).toBeInstanceOf(Error); // the connection was cut: socket hang up
}, 20_000);
