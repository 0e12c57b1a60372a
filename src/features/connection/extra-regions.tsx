import type { ConsoleProfile } from '../../api/sandbox';
import { Button } from '../../components/ui/button';
import { Field, inputClass } from '../../components/ui/field';
import { RegionOptions } from './region-options';
import { CUSTOM, type DraftErrors, type ExtraDraft } from './extra-regions-check';

/**
 * The Connect screen's further Regions, one fieldset each: a Region and that Region's account keys, or a profile the
 * server signs for (when it has profiles). Loaded when the first is added. The secret key stays in this page's memory
 * (and in sessionStorage with "keep for this tab", as the first Region's).
 */
export default function ExtraRegions({
  drafts,
  errors,
  profiles,
  onChange,
  onRemove,
}: {
  drafts: readonly ExtraDraft[];
  errors: ReadonlyMap<number, DraftErrors>;
  profiles: readonly ConsoleProfile[];
  onChange: (draft: ExtraDraft) => void;
  onRemove: (key: number) => void;
}) {
  return (
    <>
      {drafts.map((draft, at) => {
        const e = errors.get(draft.key) ?? {};
        const set = (patch: Partial<ExtraDraft>) => onChange({ ...draft, ...patch });
        return (
          <fieldset key={draft.key} className="space-y-3 rounded-md border border-line p-3">
            <legend className="px-1 text-sm font-semibold">Another Region ({at + 2})</legend>
            {profiles.length > 0 && (
              <div className="flex gap-4 text-sm" role="radiogroup" aria-label="Credentials for this Region">
                {(['keys', 'profile'] as const).map((mode) => (
                  <label key={mode} className="flex items-center gap-1">
                    <input type="radio" name={`mode-${draft.key}`} checked={draft.mode === mode} onChange={() => set({ mode })} />
                    {mode === 'keys' ? 'Access key and secret key' : "A profile of this server (it signs; the page holds no key)"}
                  </label>
                ))}
              </div>
            )}
            {draft.mode === 'profile' ? (
              <Field label="Profile" error={e.profile}>
                {(props) => (
                  <select {...props} className={inputClass} value={draft.profile} onChange={(event) => set({ profile: event.target.value })}>
                    <option value="">Choose…</option>
                    {profiles.map((p) => (
                      <option key={p.Name} value={p.Name}>
                        {p.Name} ({p.Region})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : (
              <>
                <Field label="Region" error={e.region}>
                  {(props) => (
                    <select {...props} className={inputClass} value={draft.region} onChange={(event) => set({ region: event.target.value })}>
                      <RegionOptions />
                    </select>
                  )}
                </Field>
                {draft.region === CUSTOM && (
                  <>
                    <Field label="Endpoint URL" error={e.customEndpoint}>
                      {(props) => <input {...props} className={inputClass} value={draft.customEndpoint} onChange={(event) => set({ customEndpoint: event.target.value })} />}
                    </Field>
                    <Field label="Region name" error={e.customRegion}>
                      {(props) => <input {...props} className={inputClass} value={draft.customRegion} onChange={(event) => set({ customRegion: event.target.value })} />}
                    </Field>
                  </>
                )}
                <Field label="Access key" error={e.accessKey} hint="Of your account in this Region: each Region has its own accounts and keys.">
                  {(props) => (
                    <input {...props} className={inputClass} autoComplete="off" spellCheck={false} value={draft.accessKey} onChange={(event) => set({ accessKey: event.target.value })} />
                  )}
                </Field>
                <Field label="Secret key" error={e.secretKey}>
                  {(props) => (
                    <input {...props} type="password" className={inputClass} autoComplete="off" value={draft.secretKey} onChange={(event) => set({ secretKey: event.target.value })} />
                  )}
                </Field>
              </>
            )}
            <Button type="button" variant="ghost" onClick={() => onRemove(draft.key)}>
              Remove this Region
            </Button>
          </fieldset>
        );
      })}
    </>
  );
}
