// Node help rendered by markdown-it (CommonMark + GFM tables); raw HTML is off and links are checked, so docs cannot inject markup.
import MarkdownIt from 'markdown-it';
import { useMemo } from 'react';

/**
 * html: false escapes any HTML in the source instead of passing it through, and markdown-it's own link check refuses
 * javascript:, vbscript:, file: and non-image data: URLs; that is the whole sanitising story, with no HTML to clean afterwards.
 */
const renderer = new MarkdownIt({ html: false, linkify: false, typographer: false });

// Help links leave the designer: open them in a new tab, without handing the opener to the other page.
const defaultLinkOpen = renderer.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
renderer.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('target', '_blank');
  tokens[idx]!.attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function Markdown({ source }: { source: string }) {
  const html = useMemo(() => renderer.render(source), [source]);
  // Safe to inject: markdown-it output with HTML disabled (see above).
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
