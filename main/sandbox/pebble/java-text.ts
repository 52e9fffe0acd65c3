// Java string behaviour that filters depend on: regular expressions (String.split, replaceAll),
// URLEncoder/URLDecoder, commons-lang NumberUtils.createNumber, DecimalFormat, Kestra's Slugify.

export class JavaTextError extends Error {}

// ---------------------------------------------------------------------------------------------
// Regular expressions

const regexCache = new Map<string, RegExp>();

/**
 * Compiles a java.util.regex pattern as a global JavaScript RegExp. The syntax is mostly shared;
 * leading inline flags such as `(?i)` become RegExp flags, and what JavaScript cannot express
 * (possessive quantifiers, atomic groups, \A \Z \z) fails with PatternSyntaxException's wording.
 */
export function javaRegex(pattern: string): RegExp {
  const cached = regexCache.get(pattern);
  if (cached) {
    cached.lastIndex = 0;
    return cached;
  }
  let source = pattern;
  let flags = 'g';
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    for (const flag of inline[1]!) if (flag !== 'x' && !flags.includes(flag)) flags += flag;
    source = source.slice(inline[0].length);
  }
  if (/(?<!\\)(?:\\\\)*\(\?>|[*+?}]\+|(?<!\\)(?:\\\\)*\\[AZz]/.test(source)) {
    throw new JavaTextError(`Invalid regex '${pattern}': possessive quantifiers, atomic groups and \\A \\Z \\z are not supported by the local sandbox`);
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch (error) {
    throw new JavaTextError(`Invalid regex '${pattern}': ${(error as Error).message}`);
  }
  if (regexCache.size > 500) regexCache.clear();
  regexCache.set(pattern, regex);
  return regex;
}

/** String.split(regex, limit): trailing empty strings dropped when limit is 0, no leading empty string for a zero-width match. */
export function javaSplit(input: string, pattern: string, limit = 0): string[] {
  const regex = javaRegex(pattern);
  const parts: string[] = [];
  let index = 0;
  let matched = false;
  for (const match of input.matchAll(regex)) {
    const start = match.index;
    const end = start + match[0].length;
    if (limit > 0 && parts.length === limit - 1) break;
    if (start === 0 && end === 0) continue;
    if (match[0].length === 0 && start >= input.length) break;
    matched = true;
    parts.push(input.slice(index, start));
    index = end;
  }
  if (!matched) return [input];
  parts.push(input.slice(index));
  if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Matcher.appendReplacement semantics: `$1`, `${name}`, and `\x` for a literal x. */
function javaReplacement(replacement: string): (match: string, ...rest: unknown[]) => string {
  type Part = { literal: string } | { group: number } | { name: string };
  const parts: Part[] = [];
  let literal = '';
  for (let index = 0; index < replacement.length; index += 1) {
    const char = replacement[index]!;
    if (char === '\\') {
      index += 1;
      if (index >= replacement.length) throw new JavaTextError('character to be escaped is missing');
      literal += replacement[index];
    } else if (char === '$') {
      if (literal) parts.push({ literal });
      literal = '';
      const next = replacement[index + 1];
      if (next === '{') {
        const close = replacement.indexOf('}', index);
        if (close < 0) throw new JavaTextError("named capturing group is missing trailing '}'");
        parts.push({ name: replacement.slice(index + 2, close) });
        index = close;
      } else if (next !== undefined && next >= '0' && next <= '9') {
        let end = index + 1;
        while (end < replacement.length && /[0-9]/.test(replacement[end]!)) end += 1;
        parts.push({ group: Number(replacement.slice(index + 1, end)) });
        index = end - 1;
      } else {
        throw new JavaTextError('Illegal group reference');
      }
    } else {
      literal += char;
    }
  }
  if (literal) parts.push({ literal });
  return (match: string, ...rest: unknown[]) => {
    const last = rest[rest.length - 1];
    const namedGroups = typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : undefined;
    const groupCount = rest.length - (namedGroups ? 3 : 2);
    let out = '';
    for (const part of parts) {
      if ('literal' in part) out += part.literal;
      else if ('group' in part) {
        if (part.group === 0) out += match;
        else if (part.group > groupCount) throw new JavaTextError(`No group ${part.group}`);
        else out += (rest[part.group - 1] as string | undefined) ?? '';
      } else {
        if (!namedGroups || !(part.name in namedGroups)) throw new JavaTextError(`No group with name {${part.name}}`);
        out += namedGroups[part.name] ?? '';
      }
    }
    return out;
  };
}

export function javaReplaceAll(input: string, pattern: string, replacement: string): string {
  return input.replace(javaRegex(pattern), javaReplacement(replacement));
}

export function javaReplaceFirst(input: string, pattern: string, replacement: string): string {
  const regex = javaRegex(pattern);
  const single = new RegExp(regex.source, regex.flags.replace('g', ''));
  return input.replace(single, javaReplacement(replacement));
}

/** String.matches: the whole input must match. */
export function javaMatches(input: string, pattern: string): boolean {
  const regex = javaRegex(pattern);
  const anchored = new RegExp(`^(?:${regex.source})$`, regex.flags.replace('g', ''));
  return anchored.test(input);
}

// ---------------------------------------------------------------------------------------------
// URL encoding

const encoder = new TextEncoder();

/** URLEncoder.encode(text, UTF_8): form encoding, space as "+", only `.-*_` and alphanumerics kept. */
export function urlEncode(text: string): string {
  let out = '';
  for (const char of text) {
    if (/[A-Za-z0-9.\-*_]/.test(char)) out += char;
    else if (char === ' ') out += '+';
    else for (const byte of encoder.encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** URLDecoder.decode(text, UTF_8). */
export function urlDecode(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; ) {
    const char = text[index]!;
    if (char === '+') {
      out += ' ';
      index += 1;
    } else if (char === '%') {
      const bytes: number[] = [];
      while (index < text.length && text[index] === '%') {
        if (text.length - index < 3) throw new JavaTextError('URLDecoder: Incomplete trailing escape (%) pattern');
        const hex = text.slice(index + 1, index + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new JavaTextError(`URLDecoder: Illegal hex characters in escape (%) pattern - Error at index 0 in: "${hex}"`);
        bytes.push(parseInt(hex, 16));
        index += 3;
      }
      out += new TextDecoder().decode(new Uint8Array(bytes));
    } else {
      out += char;
      index += 1;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Numbers

function parseJavaInteger(text: string): number {
  const match = /^([+-]?)(0[xX]|#)?([0-9a-fA-F]+)$/.exec(text);
  if (!match) throw new JavaTextError(`${text} is not a valid number.`);
  const hex = match[2] !== undefined;
  if (!hex && !/^[0-9]+$/.test(match[3]!)) throw new JavaTextError(`${text} is not a valid number.`);
  // Integer.decode reads a leading 0 as octal.
  const digits = match[3]!;
  const radix = hex ? 16 : digits.length > 1 && digits.startsWith('0') ? 8 : 10;
  const value = parseInt(digits, radix);
  if (Number.isNaN(value)) throw new JavaTextError(`${text} is not a valid number.`);
  return match[1] === '-' ? -value : value;
}

/**
 * NumberUtils.createNumber (Kestra's `number` filter): integers (with hex and octal prefixes),
 * decimals and exponents, and the Java type suffixes L, F, D. With a type ("INT", "LONG",
 * "FLOAT", "DOUBLE", "BIGDECIMAL", "BIGINTEGER") the text is read as that type.
 */
export function createNumber(text: string, type: string): { value: number; double: boolean } {
  if (text.trim() === '') throw new JavaTextError('A blank string is not a valid number');
  const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?$/;
  const integerLike = /^[+-]?(0[xX][0-9a-fA-F]+|#[0-9a-fA-F]+|\d+)[lL]?$/;
  switch (type) {
    case 'INT':
    case 'LONG':
    case 'BIGINTEGER': {
      const body = type === 'LONG' ? text.replace(/[lL]$/, '') : text;
      return { value: parseJavaInteger(body), double: false };
    }
    case 'FLOAT':
    case 'DOUBLE':
    case 'BIGDECIMAL': {
      if (!decimal.test(text)) throw new JavaTextError(`${text} is not a valid number.`);
      return { value: Number(text.replace(/[fFdD]$/, '')), double: true };
    }
    default:
      break;
  }
  if (integerLike.test(text)) return { value: parseJavaInteger(text.replace(/[lL]$/, '')), double: false };
  if (decimal.test(text)) return { value: Number(text.replace(/[fFdD]$/, '')), double: true };
  throw new JavaTextError(`${text} is not a valid number.`);
}

function separators(locale: string): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(locale.replace(/_/g, '-')).formatToParts(12345.6);
  return {
    group: parts.find((part) => part.type === 'group')?.value ?? ',',
    decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
  };
}

function roundHalfEven(value: number, fractionDigits: number): string {
  const scale = 10 ** fractionDigits;
  const scaled = value * scale;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const epsilon = 1e-9 * Math.max(1, scaled);
  let rounded: number;
  if (Math.abs(diff - 0.5) <= epsilon) rounded = floor % 2 === 0 ? floor : floor + 1;
  else rounded = diff > 0.5 ? floor + 1 : floor;
  const digits = BigInt(Math.round(rounded)).toString().padStart(fractionDigits + 1, '0');
  return fractionDigits === 0 ? digits : `${digits.slice(0, -fractionDigits)}.${digits.slice(-fractionDigits)}`;
}

/**
 * java.text.DecimalFormat for the patterns people write (`#.##`, `0.00`, `#,##0.00`, `#%`), with
 * HALF_EVEN rounding. Without a pattern: NumberFormat.getInstance(locale), i.e. `#,##0.###`.
 */
export function decimalFormat(value: number, pattern: string | null, locale: string): string {
  const format = (pattern ?? '#,##0.###').split(';')[0]!;
  const first = format.search(/[#0,.]/);
  if (first < 0) throw new JavaTextError(`Malformed pattern "${format}"`);
  let last = first;
  while (last < format.length && /[#0,.]/.test(format[last]!)) last += 1;
  const unquote = (text: string): string => text.replace(/'([^']*)'/g, '$1');
  const prefix = unquote(format.slice(0, first));
  const suffix = unquote(format.slice(last));
  const core = format.slice(first, last);
  const [integerPattern = '', fractionPattern = ''] = core.split('.');
  const percent = prefix.includes('%') || suffix.includes('%');
  const permille = prefix.includes('‰') || suffix.includes('‰');
  const minInteger = (integerPattern.match(/0/g) ?? []).length;
  const groupIndex = integerPattern.lastIndexOf(',');
  const grouping = groupIndex >= 0 ? integerPattern.length - groupIndex - 1 : 0;
  const minFraction = (fractionPattern.match(/0/g) ?? []).length;
  const maxFraction = fractionPattern.length;
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : `${value < 0 ? '-' : ''}${prefix}∞${suffix}`;

  const scaled = Math.abs(value) * (percent ? 100 : permille ? 1000 : 1);
  const rounded = roundHalfEven(scaled, maxFraction);
  let [integerDigits = '0', fractionDigits = ''] = rounded.split('.');
  integerDigits = integerDigits.replace(/^0+/, '');
  while (fractionDigits.length > minFraction && fractionDigits.endsWith('0')) fractionDigits = fractionDigits.slice(0, -1);
  if (integerDigits.length < minInteger) integerDigits = integerDigits.padStart(minInteger, '0');
  if (integerDigits === '' && fractionDigits === '') integerDigits = '0';
  const symbols = separators(locale);
  if (grouping > 0 && integerDigits.length > grouping) {
    const groups: string[] = [];
    for (let end = integerDigits.length; end > 0; end -= grouping) groups.unshift(integerDigits.slice(Math.max(0, end - grouping), end));
    integerDigits = groups.join(symbols.group);
  }
  const body = fractionDigits ? `${integerDigits}${symbols.decimal}${fractionDigits}` : integerDigits;
  const negative = value < 0 && /[1-9]/.test(body);
  return `${negative ? '-' : ''}${prefix}${body}${suffix}`;
}

// ---------------------------------------------------------------------------------------------
// Strings

/** io.kestra.core.utils.Slugify.of. */
export function slugify(input: string): string {
  let slug = input.replace(/[ \t\n\v\f\r]/g, '-').normalize('NFD').replace(/[^A-Za-z0-9_-]/g, '');
  slug = slug.replace(/_/g, '-');
  while (slug.includes('--')) slug = slug.replace(/--/g, '-');
  if (slug.startsWith('-')) slug = slug.slice(1);
  if (slug.endsWith('-')) slug = slug.slice(0, -1);
  return slug.toLowerCase();
}

/** Character.toTitleCase for one UTF-16 unit. */
export function titleCaseChar(char: string): string {
  const upper = char.toUpperCase();
  return upper.length === 1 ? upper : char;
}
