// The baseline for the bundle budget: the smallest React 19 page, built by the same Vite.
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(<h1>Hello</h1>);
