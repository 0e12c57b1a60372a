import { awsCliCommand, awsCliProblem, curlCommand, impossibleCopy, oscCliCommand, type CopyCommandInput } from '../../api/commands';
import { CommandList } from '../../components/ui/command-list';

const COMMANDS = [
  { title: 'osc-cli', build: oscCliCommand, problem: () => null },
  { title: 'AWS CLI (FCU endpoint)', build: awsCliCommand, problem: awsCliProblem },
  { title: 'curl, signed with SigV4', build: curlCommand, problem: () => null },
];

/**
 * The same calls as the submit, as shell commands; secrets come from the CLI profile or the environment, never
 * from here. A request OUTSCALE would refuse gets its reasons instead of commands.
 */
export function CommandView({ input, reasons }: { input: CopyCommandInput | null; reasons: string[] }) {
  const impossible = input && impossibleCopy(input);
  const why = impossible ? [impossible, ...reasons] : reasons;
  if (!input || why.length > 0) {
    return (
      <div role="note" aria-label="No command" className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
        <p className="font-medium">No command to show: OUTSCALE would not make this copy.</p>
        <ul className="mt-1 ml-5 list-disc">
          {(why.length ? why : ['Fill in the form first.']).map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      </div>
    );
  }
  const tagged = input.plan.tags.length > 0;
  return (
    <div className="space-y-3">
      <p className="text-sm">
        {tagged
          ? 'Two calls, as the Copy button makes them: CreateSnapshot, then CreateTags on the new snapshot (its ID read with jq, or the AWS CLI\u2019s --query).'
          : 'One call, as the Copy button makes it: CreateSnapshot.'}
      </p>
      <CommandList
        commands={COMMANDS.map(({ title, build, problem }) => {
          const cannot = problem(input);
          return cannot ? { title, problem: cannot } : { title, command: build(input) };
        })}
      />
      <p className="text-xs text-muted">
        Secrets are not included: osc-cli and the AWS CLI read them from their profiles; curl reads OSC_ACCESS_KEY and
        OSC_SECRET_KEY from the environment. The AWS CLI&apos;s copy-snapshot takes no ClientToken: run twice, it makes two
        copies, where osc-cli and curl return the first.
      </p>
    </div>
  );
}
