/** The list's keyboard shortcuts (`?`), loaded when first asked for. A native modal dialog: Esc closes it. */
import { useModalDialog } from '../../components/ui/use-modal-dialog';

const SHORTCUTS: [string, string][] = [
  ['/', 'Search'],
  ['↓ (in the search)', 'Into the table'],
  ['↑ ↓', 'Previous or next snapshot'],
  ['Page Up, Page Down', '10 snapshots up or down'],
  ['Home, End', 'First or last snapshot'],
  ['→ ←', "Through the row's links and buttons"],
  ['Enter', 'Open the snapshot'],
  ['c', 'Copy the snapshot (or retry a failed copy)'],
  ['a, Shift+F10', "The snapshot's actions menu (↑ ↓ to choose, Enter, Esc)"],
  ['Delete', 'Delete the snapshot (asks first)'],
  ['?', 'This list'],
];

export default function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const dialog = useModalDialog(onClose);
  return (
    <dialog ref={dialog} aria-labelledby="shortcuts-heading" className="m-auto w-full max-w-md rounded-lg border border-control bg-surface p-4 text-sm text-ink shadow-xl backdrop:bg-slate-900/40">
      <h2 id="shortcuts-heading" className="mb-3 text-heading">
        Keyboard shortcuts
      </h2>
      <table className="w-full">
        <thead className="sr-only">
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map(([key, action]) => (
            <tr key={key}>
              <td className="py-1 pr-4 font-mono whitespace-nowrap">{key}</td>
              <td className="py-1">{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog" className="mt-3 text-right">
        <button type="submit" autoFocus className="rounded-md bg-blue-700 px-3 py-1.5 font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600">
          Close
        </button>
      </form>
    </dialog>
  );
}
