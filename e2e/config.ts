/**
 * The ports of the end-to-end servers. E2E_PORT (default 4399) is this run's base port; two runs on one machine
 * need E2E_PORT values at least 8 apart.
 * - Each Playwright worker has its own sandbox (E2E_WORKERS of them, default 2), so no test sees another's data
 *   or resets it under it: worker n (TEST_PARALLEL_INDEX, set by Playwright in its workers) uses E2E_PORT + 2n,
 *   and its OOS face the port above (E2E_PORT + 2n + 1).
 * - Below E2E_PORT, the three servers of cloud.spec.ts (one worker runs that whole file).
 */
const BASE_PORT = Number(process.env.E2E_PORT ?? 4399);
export const E2E_WORKERS = Number(process.env.E2E_WORKERS ?? 2);
/** The sandbox of worker `index`. */
export const sandboxPort = (index: number) => BASE_PORT + 2 * index;
/** This worker's sandbox (the first one in the runner process, where no test runs). */
export const E2E_PORT = sandboxPort(Number(process.env.TEST_PARALLEL_INDEX ?? 0));
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
/** cloud.spec.ts: the stand-in cloud, the console signing with a profile, the console listening beyond loopback. */
export const CLOUD_PORTS = { standin: BASE_PORT - 2, console: BASE_PORT - 3, open: BASE_PORT - 4 } as const;
