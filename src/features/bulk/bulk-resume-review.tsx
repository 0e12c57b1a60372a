/**
 * The review a resumed bulk copy opens after a reload (issue 13 item 3, bulk-resume.ts): the unconfirmed items
 * OUTSCALE made nothing for are sent again with their own ClientTokens, once the operator gives the description
 * template and the tags again (this tab stores IDs and tokens only). The tags are prefilled from a copy the batch
 * already made; copies found by token without tags get them when the operator confirms.
 */
import { useEffect, useState } from 'react';
import type { Snapshot } from '../../api/schemas';
import { Button } from '../../components/ui/button';
import { showToast } from '../../components/ui/toasts';
import type { BulkQueue } from '../../lib/bulk-queue';
import type { Connection } from '../../lib/connection';
import { copyRequest, counted, refusal, type CopyOptions, type CopyRequest } from './bulk-logic';
import { CopyFields, defaultChoices, ownTags, type CopyChoices } from './bulk-copy-fields';
import { BulkModal, LIST, ReportLine } from './bulk-modal';
import { choicesFrom, missingTags, readById, type ResumePlan } from './bulk-resume';

export function ResumeReview({ connection, queue, plan, onDone }: { connection: Connection; queue: BulkQueue<CopyRequest>; plan: ResumePlan; onDone: () => void }) {
  const [choices, setChoices] = useState<CopyChoices>(() => defaultChoices());
  const [fresh, setFresh] = useState<{ data?: Map<string, Snapshot>; error?: Error }>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    const ids = [...plan.resend.map((r) => r.source), ...plan.untagged.map((u) => u.source), ...(plan.example ? [plan.example.snapshotId, plan.example.source] : [])];
    readById(connection.client, ids).then(
      (data) => {
        if (!live) return;
        const copy = plan.example && data.get(plan.example.snapshotId);
        // The operator's own tags, as the batch put them on a copy it already made.
        if (copy && plan.example) setChoices((now) => ({ ...now, ...choicesFrom(copy, data.get(plan.example!.source)) }));
        setFresh({ data });
      },
      (error: unknown) => live && setFresh({ error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      live = false;
    };
  }, [connection, plan]);
  const { tags, bad } = ownTags(choices);
  const rows = plan.resend.map((item) => {
    const now = fresh.data?.get(item.source) ?? null;
    return { ...item, snapshot: now, refused: fresh.data ? refusal(now, connection.region, connection.region, item.source) : undefined };
  });
  const accepted = rows.filter((row) => !row.refused);

  const confirm = async () => {
    setBusy(true);
    const options: CopyOptions = { template: choices.template, provenance: choices.provenance, sourceTags: choices.sourceTags, tags, region: connection.region, at: new Date().toISOString() };
    for (const row of rows) if (row.refused) queue.fail([row.clientToken], 'NotCopyable', row.refused);
    queue.supply(new Map(accepted.map((row) => [row.clientToken, copyRequest(row.snapshot!, options, row.clientToken)])));
    // Copies made before the reload whose tags never came: the tags chosen now (their source gone: no source tags).
    const untagged = await Promise.all(
      plan.untagged.map(async ({ clientToken, source, snapshot }) => {
        const from = fresh.data?.get(source) ?? { ...snapshot, SnapshotId: source, Tags: [] };
        const wanted = missingTags(snapshot, copyRequest(from, options, clientToken).Tags);
        if (wanted.length === 0) return true;
        return connection.client.call('CreateTags', { ResourceIds: [snapshot.SnapshotId], Tags: wanted }).then(() => true, () => false);
      }),
    );
    const notTagged = untagged.filter((ok) => !ok).length;
    if (notTagged > 0) showToast('info', `${counted(notTagged, 'copy', 'copies')} made before the reload could not be tagged: add the tags in bulk from the list.`);
    queue.resume();
    onDone();
  };
  const label = [accepted.length > 0 ? `Send ${accepted.length} again` : '', plan.untagged.length > 0 ? `tag ${plan.untagged.length}` : ''].filter(Boolean).join(' and ');
  return (
    <BulkModal
      title="Resume the bulk copy"
      onClose={onDone}
      footer={
        <>
          <Button variant="secondary" onClick={onDone}>
            Not now
          </Button>
          <Button disabled={!fresh.data || busy || bad.length > 0} onClick={() => void confirm()}>
            {label || 'Resume'}
          </Button>
        </>
      }
    >
      {!fresh.data && !fresh.error && <p role="status">Reading the sources…</p>}
      {fresh.error && <p role="alert">The sources could not be read: {fresh.error.message}</p>}
      {fresh.data && (
        <p role="status">
          {counted(accepted.length, 'copy', 'copies')} to send again with their own ClientTokens, {rows.length - accepted.length} refused
          {plan.untagged.length > 0 ? `, ${counted(plan.untagged.length, 'copy', 'copies')} made before the reload to tag` : ''}.
        </p>
      )}
      <ul aria-label="Copies to send again or to tag" tabIndex={0} className={LIST}>
        {rows.map((row) => (
          <ReportLine key={row.clientToken} id={row.source} ok={!row.refused} text={row.refused ?? 'never made: sent again'} />
        ))}
        {plan.untagged.map((u) => (
          <ReportLine key={u.clientToken} id={u.source} ok text={`made before the reload → ${u.snapshot.SnapshotId}, no tags yet`} />
        ))}
      </ul>
      <CopyFields
        choices={choices}
        onChange={setChoices}
        templateNote={
          <>
            This tab keeps only the IDs and ClientTokens of a bulk copy, never its descriptions or tags, so give the description template again.
            {plan.example ? ' The tags are those of a copy this batch already made.' : ''} Each copy keeps its ClientToken: none can be made twice.
          </>
        }
      />
    </BulkModal>
  );
}
