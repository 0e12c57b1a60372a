/**
 * The least a page can do for "navigation → first rows" (bench/plain-floor.ts builds it and serves it as the
 * dashboard): the dashboard's own first requests, made with its own modules (the demo accounts, then the first
 * page of each of the default view's reads, signed as the app signs), both answers parsed, then the dashboard's
 * first screen as it was captured, rows included (the `<template id="page">` plain-floor.ts writes into
 * index.html), put in place by plain DOM. No React, no zod, no app: nothing between the answers and the rows.
 * Its `snapshots:rows-painted` mark is taken as the app's own (list-interaction.ts): the task after that frame.
 */
import { apiRequest, apiSigner } from '../../src/api/signer';
import type { DemoAccount } from '../../src/api/sandbox';
import { parseListState, toFiltersSnapshot } from '../../src/features/snapshots/list-state';
import { FIRST_PAGE_SIZE, pageRequest } from '../../src/lib/list-pages';
import { chooseDemoAccount, demoCredentials, initialChoice } from '../../src/lib/tab-connection';

const origin = window.location.origin;
const { Accounts } = (await (await fetch(`${origin}/sandbox/accounts`)).json()) as { Accounts: DemoAccount[] };
const account = chooseDemoAccount(initialChoice(), Accounts);
if (!account) throw new Error('no demo account');
const target = demoCredentials(origin, account);
const signer = apiSigner(target);
const reads = toFiltersSnapshot(parseListState(new URLSearchParams(window.location.search)), account.AccountId);
await Promise.all(
  (Array.isArray(reads) ? reads : [reads]).map(async (filters) => {
    const request = await apiRequest(signer, target, 'ReadSnapshots', JSON.stringify(pageRequest(filters, FIRST_PAGE_SIZE)));
    const answer = await fetch(request);
    if (!answer.ok) throw new Error(`ReadSnapshots answered ${answer.status}`);
    return answer.json() as Promise<unknown>;
  }),
);
const page = document.getElementById('page') as HTMLTemplateElement;
document.getElementById('root')!.replaceChildren(page.content.cloneNode(true));
requestAnimationFrame(() => setTimeout(() => performance.mark('snapshots:rows-painted'), 0));
