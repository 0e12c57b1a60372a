/** The header's theme choice (loaded with the header's end): applies it, keeps it, follows the system's changes. */
import { useEffect, useState } from 'react';
import { applyTheme, media, readTheme, THEME_KEY, type ThemeChoice } from './theme';

export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(readTheme);
  useEffect(() => {
    applyTheme(choice);
    if (choice === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
    const onChange = () => applyTheme(choice);
    const query = media();
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [choice]);
  return [choice, setChoice];
}
