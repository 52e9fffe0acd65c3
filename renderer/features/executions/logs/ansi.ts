// ANSI escape sequences (SGR colours and styles, OSC 8 hyperlinks) parsed into plain spans. The
// viewer renders spans as text nodes with a style object: log text is never turned into HTML.
//
// Everything that is not SGR (cursor moves, erase, title changes, other OSC) is dropped, so a
// coloured dbt or Python log shows its colours and nothing else.

export interface AnsiStyle {
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strike?: boolean;
}

export interface AnsiSpan {
  text: string;
  /** Null for unstyled text. */
  style: AnsiStyle | null;
  /** Target of an OSC 8 hyperlink around this text, if any. */
  link?: string;
}

// Tuned for a dark background (close to VS Code's terminal palette).
const BASIC_COLORS = [
  '#4d4d4d', // black (lifted so it stays visible on dark)
  '#f14c4c',
  '#23d18b',
  '#f5f543',
  '#3b8eea',
  '#d670d6',
  '#29b8db',
  '#e5e5e5',
  '#808080', // bright black
  '#ff6b6b',
  '#5af7b0',
  '#ffff8a',
  '#6cb6ff',
  '#f190f1',
  '#56e4f7',
  '#ffffff',
];

/** Colour of the xterm 256-colour palette entry `n`. */
export function xterm256(n: number): string {
  if (n < 16) return BASIC_COLORS[n]!;
  if (n < 232) {
    const i = n - 16;
    const steps = [0, 95, 135, 175, 215, 255];
    const r = steps[Math.floor(i / 36) % 6]!;
    const g = steps[Math.floor(i / 6) % 6]!;
    const b = steps[i % 6]!;
    return `rgb(${r}, ${g}, ${b})`;
  }
  const level = 8 + (n - 232) * 10;
  return `rgb(${level}, ${level}, ${level})`;
}

// ESC or the 8-bit CSI introducer.
// eslint-disable-next-line no-control-regex -- matching escape characters is the point of this module
const ESCAPE_START = /[\u001b\u009b]/;
// CSI (ESC [ or 0x9b) params, intermediates, final byte; OSC (ESC ]) up to BEL or ST; any other
// two-byte escape.
// eslint-disable-next-line no-control-regex -- idem
const ESCAPE_SEQUENCE = /(?:\u001b\[|\u009b)([0-?]*)[ -/]*([@-~])|\u001b\]([^\u0007\u001b]*)(?:\u0007|\u001b\\|$)|\u001b[@-Z\\^_]|\u001b/g;

export function hasAnsi(text: string): boolean {
  return ESCAPE_START.test(text);
}

/** The text without any escape sequence (what search and copy see). */
export function stripAnsi(text: string): string {
  if (!hasAnsi(text)) return text;
  return text.replace(ESCAPE_SEQUENCE, '');
}

function isEmptyStyle(style: AnsiStyle): boolean {
  for (const key in style) {
    if (style[key as keyof AnsiStyle] !== undefined) return false;
  }
  return true;
}

/** Applies one SGR parameter list (e.g. "1;38;5;208") to a style, returning the new style. */
function applySgr(previous: AnsiStyle, params: string): AnsiStyle {
  const style: AnsiStyle = { ...previous };
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  for (let i = 0; i < codes.length; i += 1) {
    const code = codes[i]!;
    if (code === 0) {
      for (const key of Object.keys(style)) delete style[key as keyof AnsiStyle];
    } else if (code === 1) style.bold = true;
    else if (code === 2) style.dim = true;
    else if (code === 3) style.italic = true;
    else if (code === 4) style.underline = true;
    else if (code === 7) style.inverse = true;
    else if (code === 9) style.strike = true;
    else if (code === 22) {
      delete style.bold;
      delete style.dim;
    } else if (code === 23) delete style.italic;
    else if (code === 24) delete style.underline;
    else if (code === 27) delete style.inverse;
    else if (code === 29) delete style.strike;
    else if (code >= 30 && code <= 37) style.fg = BASIC_COLORS[code - 30];
    else if (code === 39) delete style.fg;
    else if (code >= 40 && code <= 47) style.bg = BASIC_COLORS[code - 40];
    else if (code === 49) delete style.bg;
    else if (code >= 90 && code <= 97) style.fg = BASIC_COLORS[code - 90 + 8];
    else if (code >= 100 && code <= 107) style.bg = BASIC_COLORS[code - 100 + 8];
    else if (code === 38 || code === 48) {
      const mode = codes[i + 1];
      let color: string | undefined;
      if (mode === 5 && codes[i + 2] !== undefined) {
        const n = codes[i + 2]!;
        if (n >= 0 && n <= 255) color = xterm256(n);
        i += 2;
      } else if (mode === 2 && codes[i + 4] !== undefined) {
        const [r, g, b] = [codes[i + 2]!, codes[i + 3]!, codes[i + 4]!].map((v) => Math.max(0, Math.min(255, v)));
        color = `rgb(${r}, ${g}, ${b})`;
        i += 4;
      } else {
        // Malformed extended colour: ignore the rest of this sequence rather than misread it.
        break;
      }
      if (color) {
        if (code === 38) style.fg = color;
        else style.bg = color;
      }
    }
    // Anything else (blink, fonts, …) is ignored on purpose.
  }
  return style;
}

/** Parses text with ANSI sequences into styled spans (adjacent text with the same style merged). */
export function parseAnsi(text: string): AnsiSpan[] {
  if (!hasAnsi(text)) return text === '' ? [] : [{ text, style: null }];
  const spans: AnsiSpan[] = [];
  let style: AnsiStyle = {};
  let link: string | undefined;
  let last = 0;
  const push = (piece: string): void => {
    if (piece === '') return;
    const current = isEmptyStyle(style) ? null : style;
    const previous = spans[spans.length - 1];
    if (previous && previous.style === current && previous.link === link) previous.text += piece;
    else spans.push(link ? { text: piece, style: current, link } : { text: piece, style: current });
  };
  ESCAPE_SEQUENCE.lastIndex = 0;
  for (let match = ESCAPE_SEQUENCE.exec(text); match; match = ESCAPE_SEQUENCE.exec(text)) {
    push(text.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[2] === 'm') {
      style = applySgr(style, match[1] ?? '');
    } else if (match[3] !== undefined) {
      // OSC 8 ; params ; URI  — an empty URI closes the link.
      const osc = match[3];
      if (osc.startsWith('8;')) {
        const uri = osc.slice(osc.indexOf(';', 2) + 1);
        link = uri === '' ? undefined : uri;
      }
    }
    if (match[0].length === 0) ESCAPE_SEQUENCE.lastIndex += 1;
  }
  push(text.slice(last));
  return spans;
}

/** CSS properties for a span's style (inverse swaps colours, with sensible defaults). */
export function styleToCss(style: AnsiStyle | null): Record<string, string> | undefined {
  if (!style) return undefined;
  const css: Record<string, string> = {};
  let fg = style.fg;
  let bg = style.bg;
  if (style.inverse) {
    [fg, bg] = [bg ?? 'var(--log-bg, #14151c)', fg ?? 'var(--log-fg, #e6e6ef)'];
  }
  if (fg) css.color = fg;
  if (bg) css.backgroundColor = bg;
  if (style.bold) css.fontWeight = '700';
  if (style.dim) css.opacity = '0.7';
  if (style.italic) css.fontStyle = 'italic';
  const decorations = [style.underline ? 'underline' : '', style.strike ? 'line-through' : ''].filter(Boolean);
  if (decorations.length) css.textDecoration = decorations.join(' ');
  return css;
}
