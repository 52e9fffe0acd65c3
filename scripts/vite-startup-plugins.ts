// Build plugins for the renderer's cold start (npm run bench: renderer cold start).
import type { Plugin } from 'vite';

interface ChunkLike {
  type: 'chunk' | 'asset';
  fileName: string;
  facadeModuleId?: string | null;
  imports?: string[];
  viteMetadata?: { importedCss: Set<string> };
}

/**
 * index.html asks for the default pane's chunk (Flows) and everything it imports as soon as it is
 * parsed, next to the entry, instead of when the entry has finished evaluating: the pane's download
 * and background parse leave the critical path. Its CSS is fetched early but applied only when the
 * pane is imported, so it never blocks the first paint.
 */
export function preloadInitialPane(paneEntrySuffix: string): Plugin {
  return {
    name: 'kestra-console:preload-initial-pane',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const bundle = context.bundle as Record<string, ChunkLike> | undefined;
        if (!bundle) return html;
        const pane = Object.values(bundle).find((item) => item.type === 'chunk' && item.facadeModuleId?.endsWith(paneEntrySuffix));
        if (!pane) throw new Error(`preload-initial-pane: no chunk for ${paneEntrySuffix}`);
        const scripts = new Set<string>();
        const styles = new Set<string>();
        const visit = (chunk: ChunkLike): void => {
          if (scripts.has(chunk.fileName)) return;
          scripts.add(chunk.fileName);
          for (const css of chunk.viteMetadata?.importedCss ?? []) styles.add(css);
          for (const imported of chunk.imports ?? []) if (bundle[imported]) visit(bundle[imported]);
        };
        visit(pane);
        // Files the entry already loads keep their own tags.
        const fresh = (file: string): boolean => !html.includes(`/${file}"`);
        return [
          ...[...scripts].filter(fresh).map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const })),
          ...[...styles].filter(fresh).map((file) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}
