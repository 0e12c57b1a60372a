// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { closeAction, ensureActionToken, needsToken, openAction, readAction } from './action-url';

const params = () => new URLSearchParams(window.location.search);

afterEach(() => window.history.replaceState(null, '', '/'));

describe('action dialogs in the URL', () => {
  it('opens a delete for a snapshot, keeping the list filters, with no ClientToken', () => {
    window.history.replaceState(null, '', '/?q=prod&state=completed');
    openAction('delete', 'snap-0123abcd');
    expect(readAction(params())).toEqual({ name: 'delete', id: 'snap-0123abcd', token: '' });
    expect(params().get('q')).toBe('prod');
    closeAction();
    expect(window.location.search).toBe('?q=prod&state=completed');
    expect(readAction(params())).toBeNull();
  });

  it('gives an action that creates a snapshot its own ClientToken, a new one each time', () => {
    openAction('snapshot-volume', 'vol-0123abcd');
    const first = readAction(params())!;
    expect(first.token).toMatch(/^[0-9a-f-]{36}$/);
    closeAction();
    openAction('snapshot-volume', 'vol-0123abcd');
    expect(readAction(params())!.token).not.toBe(first.token);
  });

  it('a link with a missing or malformed token gets one in place; a token on a delete is ignored', () => {
    window.history.replaceState(null, '', '/?act=import&token=%3Cscript%3E');
    const state = readAction(params())!;
    expect(state).toEqual({ name: 'import', id: '', token: '' });
    expect(needsToken(state)).toBe(true);
    const length = window.history.length;
    ensureActionToken();
    expect(window.history.length).toBe(length);
    expect(needsToken(readAction(params())!)).toBe(false);
    window.history.replaceState(null, '', '/?act=delete&id=snap-0123abcd&token=abc');
    expect(readAction(params())).toEqual({ name: 'delete', id: 'snap-0123abcd', token: '' });
    expect(needsToken(readAction(params())!)).toBe(false);
  });

  it('ignores what is not an action, and opening one closes the copy dialog', () => {
    window.history.replaceState(null, '', '/?act=format-disk&id=vol-1');
    expect(readAction(params())).toBeNull();
    window.history.replaceState(null, '', '/?copy=snap-0123abcd&token=t1');
    openAction('share', 'snap-0123abcd');
    expect(params().has('copy')).toBe(false);
    expect(readAction(params())?.name).toBe('share');
  });
});
