// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { captureOpener, restoreFocus, trackFocus } from './focus-return';

beforeEach(() => {
  document.body.innerHTML = '';
  trackFocus();
});

function button(label: string, parent: HTMLElement = document.body): HTMLButtonElement {
  const b = document.createElement('button');
  b.setAttribute('aria-label', label);
  b.textContent = 'Copy';
  parent.append(b);
  return b;
}

describe('focus return', () => {
  it('returns focus to the control that opened the dialog', () => {
    const opener = button('Copy snap-1');
    const other = button('Copy snap-2');
    opener.focus();
    const target = captureOpener();
    other.focus();
    expect(restoreFocus(target)).toBe(true);
    expect(document.activeElement).toBe(opener);
  });

  it('remembers the last focused control when focus has fallen to <body> (the page was hidden a moment)', () => {
    const opener = button('Copy snap-1');
    opener.focus();
    opener.blur();
    expect(document.activeElement).toBe(document.body);
    expect(captureOpener()?.element).toBe(opener);
  });

  it('finds a control with the same name when the element was replaced (a virtualized row re-rendered)', () => {
    const opener = button('Copy snap-1');
    opener.focus();
    const target = captureOpener();
    opener.remove();
    const again = button('Copy snap-1');
    button('Copy snap-2');
    expect(restoreFocus(target)).toBe(true);
    expect(document.activeElement).toBe(again);
  });

  it('a dialog opened from inside a dialog returns focus to the first opener; nothing to return to says so', () => {
    const opener = button('Copy snap-1');
    opener.focus();
    const first = captureOpener();
    const dialog = document.createElement('dialog');
    document.body.append(dialog);
    button('Make another copy', dialog).focus();
    expect(captureOpener()).toBe(first);
    opener.remove();
    expect(restoreFocus({ element: opener, name: 'Copy snap-9' })).toBe(false);
    expect(restoreFocus(null)).toBe(false);
  });
});
