import net from 'node:net';

/**
 * A TCP proxy in front of the stand-in that can go silent: in `silent` mode it stops reading
 * from every socket and forwards nothing, but keeps them all open — a server that accepts and
 * never answers, the case call deadlines exist for. Back to normal, held bytes flow again in
 * order (nothing is dropped mid-stream). Random port; stop() closes everything.
 */
export async function startSilentProxy(
  target: URL,
): Promise<{ url: string; silent: boolean; connections: number; answerNewOnly(): void; stop(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const state = { silent: false, connections: 0 };
  const hold = (s: net.Socket) => (state.silent ? s.pause() : s.resume());
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    hold(s);
  };
  const server = net.createServer((client) => {
    state.connections++;
    track(client);
    const upstream = net.connect(Number(target.port), target.hostname);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
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
      for (const s of sockets) hold(s);
    },
    get connections() {
      return state.connections;
    },
    /** New connections are answered again; the ones held stay held (a call already stuck stays stuck). */
    answerNewOnly() {
      state.silent = false;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
