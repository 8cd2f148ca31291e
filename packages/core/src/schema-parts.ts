/** The small zod/mini building blocks both schemas use. */
import * as z from 'zod/mini';
import {
  ENDPOINT_PATTERN,
  HEX64_PATTERN,
  ID_PATTERN,
  isSafeLink,
  LOCALE_PATTERN,
  LONE_SURROGATE,
  WELL_FORMED,
} from './patterns.js';

export const id = () =>
  z.string().check(z.regex(ID_PATTERN, 'an id: lowercase letters, digits, ".", "_" or "-" (1 to 64)'));
/** A config text that the notice hash can hold (patterns.ts `LONE_SURROGATE`). */
export const wellFormed = () => z.refine<string>((value) => !LONE_SURROGATE.test(value), WELL_FORMED);
export const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max), wellFormed());
export const locale = () => z.string().check(z.regex(LOCALE_PATTERN, 'a language tag such as "fr" or "en-GB"'));

export const link = () => text(2048).check(z.refine(isSafeLink, 'an https:, http: or relative URL'));
export const endpoint = () =>
  text(2048).check(z.refine((value) => ENDPOINT_PATTERN.test(value), 'an absolute http(s) URL without query'));

export const hex64 = () => z.string().check(z.regex(HEX64_PATTERN, '64 lowercase hex digits'));
