/**
 * Keyboard input as decoded `Key`s (see key-decoder.ts for why not Ink's
 * `useInput`). Subscribes to the event stream Ink's own input parser feeds
 * (it already splits escape sequences from text) and tracks bracketed paste:
 * between `ESC[200~` and `ESC[201~` everything, Enter included, is pasted
 * text, so a multi-line paste becomes one multi-line message.
 */
import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';
import { decodeKey, splitTypedEnter, type Key } from './key-decoder.js';

export function useKeys(onKey: (key: Key) => void, active = true): void {
  const { internal_eventEmitter: events, setRawMode, isRawModeSupported } = useStdin();
  const handler = useRef(onKey);
  handler.current = onKey;

  useEffect(() => {
    if (!active || !isRawModeSupported) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [active, isRawModeSupported, setRawMode]);

  useEffect(() => {
    if (!active) return;
    let pasting = false;
    let pasted = '';
    const onInput = (sequence: string): void => {
      const key = decodeKey(sequence);
      if (key.kind === 'key' && key.name === 'paste_start') {
        pasting = true;
        pasted = '';
        return;
      }
      if (pasting) {
        if (key.kind === 'key' && key.name === 'paste_end') {
          pasting = false;
          if (pasted !== '') handler.current({ kind: 'paste', text: pasted });
        } else {
          pasted += sequence;
        }
        return;
      }
      for (const part of splitTypedEnter(key)) handler.current(part);
    };
    events.on('input', onInput);
    return () => {
      events.off('input', onInput);
    };
  }, [active, events]);
}
