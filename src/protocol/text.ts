/**
 * Message text and reason rules (docs/protocol-v1.md §1.4, §1.6). Pure.
 */
import { MAX_REASON_CODE_POINTS, MAX_TEXT_CODE_POINTS } from './limits.js';

export type TextCheck = { ok: true } | { ok: false; reason: string };

const TAB = 0x09;
const NEWLINE = 0x0a;

/**
 * The first rule `text` breaks, if any: no C0 controls but tab and newline,
 * no DEL, no C1 controls, no lone surrogates, and a length in code points.
 */
export function checkText(
  text: string,
  { minCodePoints = 1, maxCodePoints = MAX_TEXT_CODE_POINTS } = {},
): TextCheck {
  let codePoints = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return { ok: false, reason: 'lone surrogate' };
      i += 1;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return { ok: false, reason: 'lone surrogate' };
    } else if (isForbiddenControl(unit)) {
      return { ok: false, reason: `control character U+${hex4(unit)}` };
    }
    codePoints += 1;
    if (codePoints > maxCodePoints) {
      return { ok: false, reason: `longer than ${maxCodePoints} characters` };
    }
  }
  if (codePoints < minCodePoints) return { ok: false, reason: 'empty' };
  return { ok: true };
}

/** `reason` fields: at most 200 code points, same character rules, may be empty. */
export function checkReason(reason: string): TextCheck {
  return checkText(reason, { minCodePoints: 0, maxCodePoints: MAX_REASON_CODE_POINTS });
}

export function isForbiddenControl(unit: number): boolean {
  if (unit < 0x20) return unit !== TAB && unit !== NEWLINE;
  return unit === 0x7f || (unit >= 0x80 && unit <= 0x9f);
}

function hex4(unit: number): string {
  return unit.toString(16).toUpperCase().padStart(4, '0');
}
