import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { ConnectionGate } from '../features/connection/connection-gate';
import { AccountOverview } from '../features/snapshots/account-overview';
import { createQueryClient } from './query-client';

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <div className="min-h-screen bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
        <header className="border-b border-slate-200 bg-white px-6 py-3 dark:border-slate-800 dark:bg-slate-900">
          <h1 className="text-lg font-semibold">Snapshot Console</h1>
        </header>
        <main className="mx-auto max-w-5xl px-6 py-6">
          <ConnectionGate>{(connection) => <AccountOverview connection={connection} />}</ConnectionGate>
        </main>
      </div>
    </QueryClientProvider>
  );
}
