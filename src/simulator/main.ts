import { DEMO, startSimulator } from './index';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3099);
  const seed = process.env.SIM_SEED ? Number(process.env.SIM_SEED) : undefined;
  const simulator = await startSimulator({ port, host: process.env.HOST ?? '127.0.0.1', seed });
  console.log(`LinkedIn simulator listening on ${simulator.baseUrl}`);
  console.log(
    `demo account: ${DEMO.account.email} (password and li_at in DEMO, src/simulator/state/dataset.ts)`,
  );

  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
