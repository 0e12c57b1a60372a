/**
 * The operator actions on one snapshot, loaded together by src/app/action-dialogs.tsx as one lazy component:
 * the delete confirmation, the sharing dialog, the detail page's tag editor.
 */
import { useQueryClient } from '@tanstack/react-query';
import type { Snapshot } from '../../api/schemas';
import type { Connection } from '../../lib/connection';
import DeleteDialog from './delete-dialog';
import ShareDialog from './share-dialog';
import TagsEditor from './tags-editor';

/** An action dialog's props (src/app/action-dialogs.tsx), or the detail page's for its tags. */
type Props = { action: string; connection: Connection; id: string } | { action: 'tags'; connection: Connection; snapshot: Snapshot };

/**
 * Picks the action's component. It alone reads the QueryClient (useQueryClient) and hands it down: each lazy
 * dialog importing useQueryClient made the bundler split react-query's core out of the first page's script.
 */
export default function ManageAction(props: Props) {
  const queryClient = useQueryClient();
  if ('snapshot' in props) return <TagsEditor connection={props.connection} snapshot={props.snapshot} queryClient={queryClient} />;
  const Dialog = props.action === 'delete' ? DeleteDialog : ShareDialog;
  return <Dialog connection={props.connection} id={props.id} queryClient={queryClient} />;
}
