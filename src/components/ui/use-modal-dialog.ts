import { useEffect, useRef } from 'react';

/**
 * A native modal `<dialog>` shown on mount: focus on the first element matching `focus` (the browser's choice when
 * none), `onClose` when it closes (Escape, a form with method="dialog"), and focus back to what opened it on unmount.
 */
export function useModalDialog(onClose: () => void, focus?: string) {
  const dialog = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    const element = dialog.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element?.showModal();
    if (focus) element?.querySelector<HTMLElement>(focus)?.focus();
    const onClosed = () => close.current();
    element?.addEventListener('close', onClosed);
    return () => {
      element?.removeEventListener('close', onClosed);
      opener?.focus();
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  return dialog;
}
