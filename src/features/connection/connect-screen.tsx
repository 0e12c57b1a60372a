import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import * as z from 'zod/mini';
import { createOscClient } from '../../api/client';
import { errorEntry } from '../../api/error-catalogue';
import { OscApiError } from '../../api/errors';
import { apiEndpoint, DEFAULT_REGION, PUBLIC_REGIONS } from '../../api/regions';
import { Button } from '../../components/ui/button';
import { ErrorPanel } from '../../components/ui/error-panel';
import { Field, inputClass } from '../../components/ui/field';
import type { Credentials } from '../../lib/connection';
import { connectCloud, switchDemoAccount } from '../../lib/connection-choices';
import { useConnectionState } from '../../lib/connection-provider';
import { checkDrafts, CUSTOM, draftErrors, draftRegion, ExtraRegionError, newDraft, passThrough, type DraftErrors, type ExtraDraft } from './extra-regions-check';
import ExtraRegions from './extra-regions';
import { RegionOptions } from './region-options';

/** What a custom endpoint looks like: the first public Region's. */
const EXAMPLE_ENDPOINT = apiEndpoint(PUBLIC_REGIONS[0]);

const connectSchema = z
  .object({
    region: z.string().check(z.minLength(1, 'Choose a Region.')),
    customRegion: z.string(),
    customEndpoint: z.string(),
    accessKey: z.string().check(z.trim(), z.minLength(1, 'Enter your access key.')),
    secretKey: z.string().check(z.minLength(1, 'Enter your secret key.')),
    keepForTab: z.boolean(),
    passThrough: z.boolean(),
  })
  .check(
    z.refine((v) => v.region !== CUSTOM || /^https?:\/\/[^\s/]+/.test(v.customEndpoint), {
      message: `Enter the endpoint URL, e.g. ${EXAMPLE_ENDPOINT}`,
      path: ['customEndpoint'],
    }),
    z.refine((v) => v.region !== CUSTOM || /^[a-z0-9-]+$/.test(v.customRegion), {
      message: `Enter the Region name used for signing, e.g. ${DEFAULT_REGION}`,
      path: ['customRegion'],
    }),
  );
type ConnectForm = z.infer<typeof connectSchema>;

/**
 * Connect to the real OUTSCALE: the account's own Region first, then "Add a Region" for each further Region with
 * that Region's account (an account lives in one Region). Every set of credentials is checked with ReadAccounts
 * in its Region before entering.
 */
export function ConnectScreen() {
  const { choose, demoAccounts, profiles } = useConnectionState();
  const serverHere = Boolean(profiles);
  const [failure, setFailure] = useState<{ error: Error; blocked: string | null } | null>(null);
  const [drafts, setDrafts] = useState<ExtraDraft[]>([]);
  const [draftProblems, setDraftProblems] = useState<ReadonlyMap<number, DraftErrors>>(new Map());
  const [extraFailure, setExtraFailure] = useState<ExtraRegionError | null>(null);
  const form = useForm<ConnectForm>({
    resolver: zodResolver(connectSchema),
    defaultValues: { region: DEFAULT_REGION, customRegion: '', customEndpoint: '', accessKey: '', secretKey: '', keepForTab: false, passThrough: false },
  });
  const { register, handleSubmit, formState } = form;
  const region = useWatch({ control: form.control, name: 'region' });
  const errors = formState.errors;

  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    setExtraFailure(null);
    const custom = values.region === CUSTOM;
    const taken = [custom ? values.customRegion : values.region];
    const problems = new Map<number, DraftErrors>();
    for (const draft of drafts) {
      const found = draftErrors(draft, taken, profiles ?? []);
      if (Object.keys(found).length) problems.set(draft.key, found);
      taken.push(draftRegion(draft, profiles ?? []));
    }
    setDraftProblems(problems);
    if (problems.size) return;
    const endpoint = custom ? values.customEndpoint.replace(/\/+$/, '') : apiEndpoint(values.region);
    const credentials: Credentials = {
      endpoint,
      region: custom ? values.customRegion : values.region,
      accessKey: values.accessKey.trim(),
      secretKey: values.secretKey,
      ...(values.passThrough ? { via: passThrough(window.location.origin, endpoint) } : {}),
    };
    let accountId: string | undefined;
    try {
      const answer = await createOscClient(credentials).call('ReadAccounts');
      accountId = answer.Accounts[0]?.AccountId;
      if (!accountId) throw new Error('ReadAccounts returned no account for these keys.');
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      // A direct call that gets no answer at all is most often CORS or a proxy in the way.
      const blocked =
        err instanceof OscApiError && err.kind === 'network' && !values.passThrough
          ? serverHere
            ? `Your browser could not reach ${endpoint} directly (CORS or a proxy may block it). Tick "Route through this server" and connect again.`
            : `Your browser could not reach ${endpoint} directly (CORS or a proxy may block it). Serve the dashboard with \`npm start\`, which can route the calls for you.`
          : null;
      setFailure({ error: err, blocked });
      // An error the catalogue pins to the secret key (keys rejected) puts the focus there.
      if (error instanceof OscApiError && errorEntry(error.code)?.field === 'secretKey') form.setFocus('secretKey');
      return;
    }
    try {
      const extra = await checkDrafts(drafts, { home: credentials.region, viaServer: values.passThrough, origin: window.location.origin, profiles: profiles ?? [] });
      connectCloud(choose, credentials, accountId, values.keepForTab, extra);
    } catch (error) {
      setExtraFailure(error instanceof ExtraRegionError ? error : new ExtraRegionError('another Region', 0, error instanceof Error ? error : new Error(String(error)), 'Fix that Region, or remove it.'));
    }
  });

  return (
    <section aria-labelledby="connect-heading" className="mx-auto max-w-md space-y-4">
      <h2 id="connect-heading" className="text-title">
        Connect to OUTSCALE
      </h2>
      <form onSubmit={(event) => void onSubmit(event)} noValidate className="space-y-3">
        <Field label="Region" error={errors.region?.message} hint="Your account's Region. Add a Region below for each other Region you work in, with its own account.">
          {(props) => (
            <select {...props} {...register('region')} className={inputClass}>
              <RegionOptions />
            </select>
          )}
        </Field>
        {region === CUSTOM && (
          <>
            <Field label="Endpoint URL" error={errors.customEndpoint?.message}>
              {(props) => <input {...props} {...register('customEndpoint')} className={inputClass} placeholder={EXAMPLE_ENDPOINT} />}
            </Field>
            <Field label="Region name" error={errors.customRegion?.message}>
              {(props) => <input {...props} {...register('customRegion')} className={inputClass} placeholder={PUBLIC_REGIONS[0]} />}
            </Field>
          </>
        )}
        <Field label="Access key" error={errors.accessKey?.message}>
          {(props) => <input {...props} {...register('accessKey')} className={inputClass} autoComplete="username" spellCheck={false} />}
        </Field>
        <Field label="Secret key" error={errors.secretKey?.message} hint="Kept in this page's memory only, unless you tick the box below.">
          {(props) => <input {...props} {...register('secretKey')} type="password" className={inputClass} autoComplete="current-password" />}
        </Field>
        {drafts.length > 0 && (
          <ExtraRegions
            drafts={drafts}
            errors={draftProblems}
            profiles={profiles ?? []}
            onChange={(changed) => setDrafts((all) => all.map((d) => (d.key === changed.key ? changed : d)))}
            onRemove={(key) => setDrafts((all) => all.filter((d) => d.key !== key))}
          />
        )}
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            const home = region === CUSTOM ? form.getValues('customRegion').trim() : region;
            setDrafts((all) => [...all, newDraft([home, ...all.map((d) => draftRegion(d, profiles ?? []))], profiles ?? [])]);
          }}
        >
          Add a Region
        </Button>
        {serverHere && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" {...register('passThrough')} />
            Route through this server (when the browser cannot reach OUTSCALE directly)
          </label>
        )}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" {...register('keepForTab')} />
          Keep for this tab (sessionStorage, forgotten when the tab closes)
        </label>
        <Button type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? 'Checking…' : 'Connect'}
        </Button>
      </form>
      {failure?.blocked && (
        <p role="alert" className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
          {failure.blocked}
        </p>
      )}
      {failure && <ErrorPanel error={failure.error} title="Could not connect" />}
      {extraFailure && (
        <>
          <p role="alert" className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
            {extraFailure.hint}
          </p>
          <ErrorPanel error={extraFailure.reason} title={`Could not connect to ${extraFailure.region}`} />
        </>
      )}
      {demoAccounts && demoAccounts.length > 0 && (
        <p className="text-sm">
          Or{' '}
          <button type="button" className="text-link underline" onClick={() => switchDemoAccount(choose, demoAccounts[0]!.AccountId)}>
            use the sandbox's demo account
          </button>
          .
        </p>
      )}
    </section>
  );
}
