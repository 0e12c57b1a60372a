/**
 * The search keystroke of two builds, paired: two sandboxes side by side (another copy of the project, e.g. an
 * older commit unpacked with `git archive` and built there, and this one), measured in turn, A B A B …, each
 * round in a fresh browser with the bench's own keys and probe (page.ts), so a change in the machine's load
 * falls on both. For comparing a change on a shared, noisy machine; `npm run bench` gives one build's figures.
 *
 *   node --import tsx bench/keystroke-compare.ts OTHER_DIR [rounds=4] [THIS_DIR=.]
 *
 * THIS_DIR: B from another copy too (e.g. the base commit with only one's own files changed, built there), so
 * that a shared working tree's other work in progress is not measured.
 */
import { resolve } from 'node:path';
import { measurePage, PageNotReady } from './page';
import { percentile } from './report';
import { startSandbox } from './sandbox';

const other = process.argv[2];
if (!other) {
  console.error('usage: keystroke-compare.ts OTHER_DIR [rounds]');
  process.exit(2);
}
const rounds = Number(process.argv[3] ?? 4);
const snapshots = Number(process.env.BENCH_SNAPSHOTS ?? 50_000);
// As bench/run.ts: 20 keystrokes, 14 of them change the rows in view.
const KEYS = [...'#12', ...Array<string>(3).fill('Backspace'), ...'weekly', ...Array<string>(6).fill('Backspace'), ...'#4'];
const EVENT_TIMING_THRESHOLD_MS = 16;

const mine = process.argv[4];
const sandboxes = await Promise.all([startSandbox(snapshots, [], resolve(other)), startSandbox(snapshots, [], mine && resolve(mine))]);
const names = [`A ${resolve(other)}`, `B ${mine ? resolve(mine) : 'this project'}`];
/** Per round: the medians of rAF + task, double rAF, Event Timing (16 for none) and keydown → handlers done. */
const figures: { frame: number; double: number; event: number; handlers: number }[][] = [[], []];
try {
  for (let round = 0; round < rounds; round++) {
    for (const [index, sandbox] of sandboxes.entries()) {
      const { keystrokes } = await measurePage(`${sandbox.url}/`, KEYS);
      if (keystrokes instanceof PageNotReady) throw keystrokes;
      const events = keystrokes.events ?? [];
      figures[index]!.push({
        frame: percentile(keystrokes.samples.map((s) => s.frameMs), 50),
        double: percentile(keystrokes.samples.map((s) => s.ms), 50),
        event: percentile(events.map((e) => e.durationMs ?? EVENT_TIMING_THRESHOLD_MS), 50),
        handlers: percentile(events.map((e) => e.processingMs ?? EVENT_TIMING_THRESHOLD_MS), 50),
      });
    }
  }
} finally {
  await Promise.all(sandboxes.map((sandbox) => sandbox.stop()));
}
const median = (values: number[]) => Math.round(percentile(values, 50));
const list = (values: number[]) => values.map(Math.round).join(' ');
console.log(`keystroke in search, ${snapshots.toLocaleString('en')} extra snapshots, ${rounds} rounds of ${KEYS.length} keys (each round's median)`);
for (const [index, name] of names.entries()) {
  const r = figures[index]!;
  console.log(`  ${name}:`);
  console.log(`    rAF + task ${median(r.map((x) => x.frame))} ms (${list(r.map((x) => x.frame))}); double rAF ${median(r.map((x) => x.double))} ms (${list(r.map((x) => x.double))})`);
  console.log(`    Event Timing ${median(r.map((x) => x.event))} ms (${list(r.map((x) => x.event))}); keydown → handlers done ${median(r.map((x) => x.handlers))} ms (${list(r.map((x) => x.handlers))})`);
}
for (const [label, key] of [['Event Timing', 'event'], ['rAF + task', 'frame'], ['handlers done', 'handlers']] as const) {
  const differences = figures[1]!.map((b, i) => b[key] - figures[0]![i]![key]);
  console.log(`  B − A per round, ${label}: median ${median(differences)} ms (${list(differences)})`);
}
