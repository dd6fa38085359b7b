/**
 * Reads typed fields out of a decoded JSON object and remembers the first
 * problem, so each request parser reads like a list of its fields (§1.4
 * "missing or ill-typed fields → bad_request"). Pure.
 */
import { ErrorCode } from './error-codes.js';
import { checkReason, checkText } from './text.js';

export interface FieldProblem {
  code: ErrorCode;
  message: string;
}

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class FieldReader {
  /** The first problem found; later reads return placeholders and change nothing. */
  problem: FieldProblem | undefined;

  constructor(private readonly fields: JsonObject) {}

  fail(code: ErrorCode, message: string): void {
    this.problem ??= { code, message };
  }

  has(key: string): boolean {
    return Object.hasOwn(this.fields, key) && this.fields[key] !== undefined;
  }

  string(key: string, { maxChars = 1024 }: { maxChars?: number } = {}): string {
    const value = this.fields[key];
    if (typeof value !== 'string') {
      this.fail(ErrorCode.badRequest, `"${key}" must be a string`);
      return '';
    }
    if (value.length > maxChars) {
      this.fail(ErrorCode.badRequest, `"${key}" is longer than ${maxChars} characters`);
    }
    return value;
  }

  optionalString(key: string, options?: { maxChars?: number }): string | undefined {
    return this.has(key) ? this.string(key, options) : undefined;
  }

  /** A message text (§1.4): a wrong type is `bad_request`, a wrong content `bad_text`. */
  text(key: string): string {
    const value = this.string(key, { maxChars: Number.MAX_SAFE_INTEGER });
    if (this.problem) return value;
    const check = checkText(value);
    if (!check.ok) this.fail(ErrorCode.badText, `"${key}": ${check.reason}`);
    return value;
  }

  /** §1.6: `reason` is at most 200 code points with the text character rules, else `bad_request`. */
  optionalReason(key = 'reason'): string | undefined {
    const value = this.optionalString(key, { maxChars: Number.MAX_SAFE_INTEGER });
    if (value === undefined || this.problem) return value;
    const check = checkReason(value);
    if (!check.ok) this.fail(ErrorCode.badRequest, `"${key}": ${check.reason}`);
    return value;
  }

  integer(key: string, min: number, max: number): number {
    const value = this.fields[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(ErrorCode.badRequest, `"${key}" must be an integer from ${min} to ${max}`);
      return min;
    }
    return value;
  }

  optionalInteger(key: string, min: number, max: number): number | undefined {
    return this.has(key) ? this.integer(key, min, max) : undefined;
  }

  optionalBoolean(key: string): boolean | undefined {
    if (!this.has(key)) return undefined;
    const value = this.fields[key];
    if (typeof value !== 'boolean') {
      this.fail(ErrorCode.badRequest, `"${key}" must be true or false`);
      return undefined;
    }
    return value;
  }

  optionalNumber(key: string): number | undefined {
    if (!this.has(key)) return undefined;
    const value = this.fields[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(ErrorCode.badRequest, `"${key}" must be a number`);
      return undefined;
    }
    return value;
  }

  /** An array of strings from `allowed`, duplicates removed; `minItems` at least. */
  stringSet<T extends string>(key: string, allowed: readonly T[], minItems: number): T[] {
    const value = this.fields[key];
    if (!Array.isArray(value)) {
      this.fail(ErrorCode.badRequest, `"${key}" must be an array`);
      return [];
    }
    const out: T[] = [];
    for (const item of value) {
      if (typeof item !== 'string' || !(allowed as readonly string[]).includes(item)) {
        this.fail(ErrorCode.badRequest, `"${key}" may only hold ${allowed.join(', ')}`);
        return [];
      }
      if (!out.includes(item as T)) out.push(item as T);
    }
    if (out.length < minItems) this.fail(ErrorCode.badRequest, `"${key}" must not be empty`);
    return out;
  }

  /** An array of short identifiers (`caps`), duplicates removed. */
  tokenList(key: string, { maxItems, pattern }: { maxItems: number; pattern: RegExp }): string[] {
    const value = this.fields[key];
    if (!Array.isArray(value) || value.length > maxItems) {
      this.fail(ErrorCode.badRequest, `"${key}" must be an array of at most ${maxItems} strings`);
      return [];
    }
    const out: string[] = [];
    for (const item of value) {
      if (typeof item !== 'string' || !pattern.test(item)) {
        this.fail(ErrorCode.badRequest, `"${key}" holds an invalid entry`);
        return [];
      }
      if (!out.includes(item)) out.push(item);
    }
    return out;
  }
}
