import path from 'node:path';
import { startWebHost } from './host';

/** `npm run dev:web`: the browser shell on a local data folder (default ./.lenden-data). */
async function main(): Promise<void> {
  const dataDir = path.resolve(process.argv[2] ?? process.env.LENDEN_DATA_DIR ?? '.lenden-data');
  const port = process.env.LENDEN_PORT ? Number(process.env.LENDEN_PORT) : undefined;
  const host = await startWebHost({ dataDir, port });
  console.log(`Lenden is running on data in ${dataDir}`);
  console.log(`Open ${host.url}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping…');
    void host.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
