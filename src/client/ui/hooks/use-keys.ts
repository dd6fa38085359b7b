/**
 * Keyboard (and mouse) input as decoded `Key`s, one at a time however many
 * arrive in one read (key-decoder.ts; not Ink's `useInput`, which cannot
 * tell Backspace from Delete). Listens to the events Ink's own stdin reader
 * emits and runs them through our incremental parser, which also tracks
 * bracketed paste: everything between `ESC[200~` and `ESC[201~` is one
 * pasted text, so a multi-line paste becomes one multi-line message.
 */
import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';
import { createKeyParser, type Key } from '../keys/key-decoder.js';

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
    const parser = createKeyParser();
    let flushTimer: NodeJS.Immediate | undefined;
    const deliver = (keys: Key[]): void => {
      for (const key of keys) handler.current(key);
    };
    const onInput = (chunk: string): void => {
      if (flushTimer) clearImmediate(flushTimer);
      flushTimer = undefined;
      deliver(parser.push(chunk));
      // Ink hands over an Esc only once nothing followed it; whatever is still held back
      // then is a key of its own (Esc, or Alt+something cut short).
      if (parser.pending) flushTimer = setImmediate(() => deliver(parser.flush()));
    };
    events.on('input', onInput);
    return () => {
      if (flushTimer) clearImmediate(flushTimer);
      events.off('input', onInput);
    };
  }, [active, events]);
}
