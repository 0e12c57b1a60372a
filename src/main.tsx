// First: in the chunk it shares with index.html's early script (vite.config.ts), its code then runs before zod's
// schemas are built, and the list's first read goes out that much sooner (src/early-read.ts).
import './early-read';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { createQueryClient } from './app/query-client';
import { applyTheme, readTheme } from './app/theme';
import { preloadListChunks } from './features/snapshots/snapshots-page';
import { startFirstRead } from './first-read';
import { firstPage } from './lib/snapshot-queries';
// After the app's imports, which bring React Query first: imported at the top, it moved React Query's code ahead of
// react-dom's in the entry chunk, and that order compressed ~300 B worse (bundle ratio).
import { notifyManager } from '@tanstack/react-query';
import './index.css';

/** The longest the first render waits for the first read to go out (the demo accounts' answer, usually ready). */
const FIRST_READ_WAIT_MS = 200;
/**
 * Once it is out, the longest the first render waits for its first page and the list's code: with both there, the
 * first render is the page with its rows, one render, style, layout and paint, not the page's frame first and the
 * rows in a second pass. Through a slow cloud the frame shows after this, and the rows when they come.
 */
const FIRST_PAGE_WAIT_MS = 300;
const within = <T,>(ms: number, work: Promise<T>) => Promise.race([work, new Promise<undefined>((resolve) => setTimeout(resolve, ms))]);

applyTheme(readTheme());
// React Query tells its observers in a microtask, not in a later setTimeout task (its default): the first page's rows
// then render in the task that put the page in the cache, not after a frame and whatever tasks are queued by then.
notifyManager.setScheduler(queueMicrotask);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The list's first read goes out before React renders (first-read.ts): rendering first would hold its
// signing and sending behind the shell's render on the one main thread.
const queryClient = createQueryClient();
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <App queryClient={queryClient} />
    </StrictMode>,
  );
// The list's lazy code (table or cards, rows, filter bar) is fetched from the start, so that it is there when the
// first page arrives. (Fetched once the read was out instead, it kept the read off the queue for the browser's six
// connections, but under load the chunks then came after the data: paired, first page → rows 519 vs 349 ms.)
const listCode = preloadListChunks();
void within(FIRST_READ_WAIT_MS, startFirstRead(queryClient))
  .then((sent) => (sent ? within(FIRST_PAGE_WAIT_MS, Promise.all([firstPage, listCode])) : undefined))
  .then(render);
