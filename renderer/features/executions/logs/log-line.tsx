// One log line as React text nodes: ANSI colours become styled spans, https links become buttons
// that ask main to open them (its allowlist decides), search hits are marked. Nothing is ever
// parsed as HTML.
import { memo, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { parseAnsi, styleToCss, type AnsiSpan } from './ansi';
import { matchRanges } from './log-search';

/** Longest text drawn per line; the rest is summarised (a 5 MB JSON line must not freeze layout). */
export const MAX_RENDERED_CHARS = 10_000;

// https only: main's openExternal allows nothing else, so other schemes stay plain text.
const LINK = /\bhttps:\/\/[^\s<>"'`)\]}]+[^\s<>"'`)\]}.,;:!?]/g;

export interface LinkHandler {
  (url: string): void;
}

interface Piece {
  text: string;
  style?: Record<string, string>;
  link?: string;
  hit?: boolean;
}

/** Splits spans at link and search-hit boundaries. Pure; exported for tests. */
export function linePieces(spans: AnsiSpan[], pattern: RegExp | null): Piece[] {
  const plain = spans.map((s) => s.text).join('');
  // Boundaries from links and hits, as [start, end, kind].
  const marks: { start: number; end: number; link?: string; hit?: boolean }[] = [];
  LINK.lastIndex = 0;
  for (let m = LINK.exec(plain); m; m = LINK.exec(plain)) marks.push({ start: m.index, end: m.index + m[0].length, link: m[0] });
  if (pattern) for (const [start, end] of matchRanges(pattern, plain)) marks.push({ start, end, hit: true });
  const cuts = new Set<number>([0, plain.length]);
  for (const mark of marks) {
    cuts.add(mark.start);
    cuts.add(mark.end);
  }
  let offset = 0;
  for (const span of spans) {
    cuts.add(offset);
    offset += span.text.length;
  }
  const points = [...cuts].filter((c) => c >= 0 && c <= plain.length).sort((a, b) => a - b);
  const pieces: Piece[] = [];
  let spanIndex = 0;
  let spanStart = 0;
  for (let i = 0; i + 1 < points.length; i += 1) {
    const start = points[i]!;
    const end = points[i + 1]!;
    if (end <= start) continue;
    while (spanIndex < spans.length && spanStart + spans[spanIndex]!.text.length <= start) {
      spanStart += spans[spanIndex]!.text.length;
      spanIndex += 1;
    }
    const span = spans[spanIndex];
    const piece: Piece = { text: plain.slice(start, end) };
    const css = span ? styleToCss(span.style) : undefined;
    if (css) piece.style = css;
    const link = marks.find((m) => m.link && m.start <= start && end <= m.end)?.link ?? (span?.link?.startsWith('https://') ? span.link : undefined);
    if (link) piece.link = link;
    if (marks.some((m) => m.hit && m.start <= start && end <= m.end)) piece.hit = true;
    pieces.push(piece);
  }
  return pieces;
}

function onLinkKey(event: KeyboardEvent, url: string, open: LinkHandler): void {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    open(url);
  }
}

export const LogText = memo(function LogText({ raw, pattern, openLink }: { raw: string; pattern: RegExp | null; openLink: LinkHandler }) {
  const truncated = raw.length > MAX_RENDERED_CHARS;
  const text = truncated ? raw.slice(0, MAX_RENDERED_CHARS) : raw;
  const pieces = linePieces(parseAnsi(text), pattern);
  const nodes: ReactNode[] = pieces.map((piece, i) => {
    let node: ReactNode = piece.text;
    if (piece.hit) node = <mark className="log-hit">{node}</mark>;
    if (piece.link) {
      const url = piece.link;
      node = (
        <span
          role="link"
          tabIndex={0}
          className="log-link"
          title={`Open ${url} in the browser`}
          onClick={(event: MouseEvent) => {
            event.preventDefault();
            event.stopPropagation();
            openLink(url);
          }}
          onKeyDown={(event) => onLinkKey(event, url, openLink)}
        >
          {node}
        </span>
      );
    }
    return piece.style || piece.link || piece.hit ? (
      <span key={i} style={piece.style}>
        {node}
      </span>
    ) : (
      <span key={i}>{node}</span>
    );
  });
  return (
    <>
      {nodes}
      {truncated && (
        <span className="log-truncated">
          {' '}
          … {(raw.length - MAX_RENDERED_CHARS).toLocaleString('en')} more characters (copy or download the line to see it all)
        </span>
      )}
    </>
  );
});
