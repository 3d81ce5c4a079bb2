import net from 'node:net';

/**
 * A TCP proxy in front of the stand-in that can go silent: in `silent` mode it keeps every
 * socket open and forwards nothing (a server that accepts and never answers — the case a
 * timeout exists for). Random port; stop() closes everything.
 */
export async function startSilentProxy(target: URL): Promise<{ url: string; silent: boolean; connections: number; stop(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const state = { silent: false, connections: 0 };
  const server = net.createServer((client) => {
    state.connections++;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (state.silent) {
      client.on('data', () => undefined); // swallow, never answer
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('data', (chunk) => {
      if (!state.silent) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!state.silent) client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get silent() {
      return state.silent;
    },
    set silent(v: boolean) {
      state.silent = v;
    },
    get connections() {
      return state.connections;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
