import { DEMO, startSimulator } from './index';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3099);
  const seed = process.env.SIM_SEED ? Number(process.env.SIM_SEED) : undefined;
  const simulator = await startSimulator({ port, host: process.env.HOST ?? '127.0.0.1', seed });
  console.log(`LinkedIn simulator listening on ${simulator.baseUrl}`);
  // Made-up credentials of a simulated member, printed so the API can be tried against it.
  console.log(
    `demo account: email ${DEMO.account.email}, password ${DEMO.account.password}\n` +
      `              li_at ${DEMO.account.liAt}`,
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
