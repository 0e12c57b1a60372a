/** One seeded snapshot, as seed.ts's addSnapshot takes it (seed-overview.ts builds them too). */
export interface SnapshotSeed {
  id: string;
  account: string;
  volume: string | null;
  size: number;
  description: string;
  createdAt: number;
  queueMs?: number;
  runMs?: number;
  outcome?: 'completed' | 'error';
  failProgress?: number;
  global?: boolean;
  shareWith?: string[];
  tags?: { Key: string; Value: string }[];
}
