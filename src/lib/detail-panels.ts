/**
 * Parts of the snapshot detail page that another feature provides (a feature imports no other feature): src/app
 * fills them in with lazily loaded components, the detail page shows them where it has them, and its plain
 * version until then.
 */
import type { ComponentType } from 'react';
import type { Snapshot } from '../api/schemas';
import type { Connection } from './connection';

export interface TagsPanelProps {
  action: 'tags';
  connection: Connection;
  snapshot: Snapshot;
}

export const detailPanels: { tags?: ComponentType<TagsPanelProps> } = {};
