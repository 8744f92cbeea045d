import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulatorApp } from './app';
import { SimulatorClient } from './client';
import { loadDemoDataset, type DatasetName } from './state/dataset';
import { SimulatorStore } from './state/store';

export { DEMO } from './state/dataset';
export { SimulatorClient } from './client';
export type * from './client';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  dataset?: DatasetName;
}

export interface SimulatorHandle {
  baseUrl: string;
  port: number;
  client: SimulatorClient;
  close(): Promise<void>;
}

export const DEFAULT_SEED = 20260401;

function load(store: SimulatorStore, dataset: DatasetName, seed: number): void {
  store.reset(seed);
  if (dataset === 'demo') loadDemoDataset(store);
}

/** Starts the LinkedIn simulator on a port (0 picks a free one). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const host = options.host ?? '127.0.0.1';
  const initial = { dataset: options.dataset ?? 'demo', seed: options.seed ?? DEFAULT_SEED };
  const store = new SimulatorStore(initial.seed);
  load(store, initial.dataset, initial.seed);
  const app = createSimulatorApp(store, {
    reset: (request) =>
      load(store, request.dataset ?? initial.dataset, request.seed ?? initial.seed),
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port ?? 0, host, (error?: Error) => {
      if (error) reject(error);
      else resolve(listening);
    });
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://${host}:${port}`;

  return {
    baseUrl,
    port,
    client: new SimulatorClient(baseUrl),
    close: () =>
      new Promise<void>((resolve, reject) => {
        store.dispose();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
