/**
 * The ports of the end-to-end servers: the sandbox Playwright starts (E2E_PORT, default 4399) and, below it, the
 * three servers of cloud.spec.ts. Two runs on one machine need different E2E_PORT values.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4399);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
/** cloud.spec.ts: the stand-in cloud, the console signing with a profile, the console listening beyond loopback. */
export const CLOUD_PORTS = { standin: E2E_PORT - 2, console: E2E_PORT - 3, open: E2E_PORT - 4 } as const;
