/**
 * The one sandbox-only call outside the OUTSCALE API: the demo accounts and their credentials, so the
 * dashboard served by the sandbox connects without typing. The real OUTSCALE has no such endpoint.
 */
import * as z from 'zod/mini';
import { getKey, type EarlyAnswers } from './early-answers';
import { jsonAnswer, PROFILES_PATH, SANDBOX_ACCOUNTS_PATH } from './json-answer';

export { SANDBOX_ACCOUNTS_PATH } from './json-answer';

export const demoAccountSchema = z.looseObject({
  AccountId: z.string(),
  AccountAlias: z.optional(z.string()),
  Email: z.optional(z.string()),
  AccessKey: z.string(),
  SecretKey: z.string(),
  Region: z.string(),
  Role: z.string(),
  /** The organisation the account belongs to: one account per Region (the demo operator has two). */
  Organisation: z.optional(z.string()),
});
export type DemoAccount = z.infer<typeof demoAccountSchema>;

export const demoAccountsResponseSchema = z.object({ Accounts: z.array(demoAccountSchema) });

/** Resolves to null when the page is not served by the sandbox (then the user connects by hand). */
export async function fetchDemoAccounts(origin: string, signal?: AbortSignal, early?: EarlyAnswers): Promise<DemoAccount[] | null> {
  const url = `${origin}${SANDBOX_ACCOUNTS_PATH}`;
  const json = await jsonAnswer(await (early?.(getKey(url)) ?? fetch(url, { signal })));
  const parsed = demoAccountsResponseSchema.safeParse(json);
  return parsed.success ? parsed.data.Accounts : null;
}

export const consoleProfileSchema = z.looseObject({
  Name: z.string(),
  Region: z.string(),
  AccountId: z.optional(z.string()),
});
export type ConsoleProfile = z.infer<typeof consoleProfileSchema>;

/**
 * The osc-cli profiles the Snapshot Console server signs for (names, Regions, account IDs; never keys), or
 * null when the page is not served by that server (a static host), so there is no pass-through either.
 */
export async function fetchProfiles(origin: string, signal?: AbortSignal, early?: EarlyAnswers): Promise<ConsoleProfile[] | null> {
  const url = `${origin}${PROFILES_PATH}`;
  const json = await jsonAnswer(await (early?.(getKey(url)) ?? fetch(url, { signal })));
  const parsed = z.object({ Profiles: z.array(consoleProfileSchema) }).safeParse(json);
  return parsed.success ? parsed.data.Profiles : null;
}
