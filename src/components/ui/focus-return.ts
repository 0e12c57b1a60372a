/**
 * Where focus goes back when a dialog or a notification goes away: the control that opened it. The control
 * is remembered from the last `focusin` (the dialog lives in the URL and loads lazily, so by the time it
 * renders, the page may have been hidden for a moment and focus have fallen to <body>). If that element has
 * left the page (a virtualized row re-rendered), a control with the same accessible name takes its place.
 */
export interface FocusTarget {
  element: HTMLElement;
  /** aria-label, else the text: to find the same control again if the element was replaced. */
  name: string;
}

let last: HTMLElement | null = null;
/** The control that opened the dialog that is open now (a dialog opened from a dialog keeps the first one's). */
let dialogOpener: FocusTarget | null = null;
let installed = false;

const nameOf = (element: HTMLElement) => (element.getAttribute('aria-label') ?? element.textContent ?? '').trim();

/** Starts remembering the last focused element (once per page; safe to call again). */
export function trackFocus(doc: Document = document) {
  if (installed) return;
  installed = true;
  doc.addEventListener('focusin', (event) => {
    if (event.target instanceof HTMLElement && event.target !== doc.body) last = event.target;
  });
}

/** What had focus before the dialog that is opening now; inside another dialog, that dialog's opener. */
export function captureOpener(doc: Document = document): FocusTarget | null {
  const active = doc.activeElement instanceof HTMLElement && doc.activeElement !== doc.body ? doc.activeElement : last;
  if (!active) return null;
  if (active.closest('dialog')) return dialogOpener;
  dialogOpener = { element: active, name: nameOf(active) };
  return dialogOpener;
}

/** Focuses the target, or a control with its name if it has left the page; says whether focus moved. */
export function restoreFocus(target: FocusTarget | null | undefined, doc: Document = document): boolean {
  if (!target) return false;
  let element: HTMLElement | null = target.element.isConnected ? target.element : null;
  if (!element && target.name) {
    element = Array.from(doc.querySelectorAll<HTMLElement>('button, a[href], [tabindex]')).find((candidate) => nameOf(candidate) === target.name) ?? null;
  }
  if (!element || element.closest('[inert], [hidden]')) return false;
  element.focus();
  return doc.activeElement === element;
}
