import { awsCliCommand, curlCommand, oscCliCommand, type CopyCommandInput } from '../../api/commands';
import { Button } from '../../components/ui/button';
import { showToast } from '../../components/ui/toasts';

const COMMANDS = [
  { title: 'osc-cli', build: oscCliCommand },
  { title: 'AWS CLI (FCU endpoint)', build: awsCliCommand },
  { title: 'curl, signed with SigV4', build: curlCommand },
];

/** The same request as shell commands; secrets come from the CLI profile or the environment, never from here. */
export function CommandView({ input }: { input: CopyCommandInput }) {
  return (
    <div className="space-y-3">
      {COMMANDS.map(({ title, build }) => {
        const command = build(input);
        return (
          <section key={title} aria-label={`${title} command`}>
            <div className="flex items-center justify-between">
              <h3 className="text-sm font-semibold">{title}</h3>
              <Button
                variant="ghost"
                className="text-xs"
                onClick={() =>
                  void navigator.clipboard.writeText(command).then(
                    () => showToast('info', `${title} command copied to the clipboard.`, 4000),
                    () => showToast('error', 'The clipboard is not available here: select the text instead.'),
                  )
                }
              >
                Copy {title} command
              </Button>
            </div>
            <pre tabIndex={0} aria-label={`${title} command text`} className="overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">{command}</pre>
          </section>
        );
      })}
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Secrets are not included: osc-cli and the AWS CLI read them from their profiles; curl reads
        OSC_ACCESS_KEY and OSC_SECRET_KEY from the environment.
      </p>
    </div>
  );
}
