// Static checks of an HTML page against the server's Content-Security-Policy and our page rules.
//
// The policy allows scripts and styles from our own origin only: no inline script or event
// handler, no <style> element or style attribute, no URL with a scheme or another host.
// Regular expressions suffice because we check our own small, hand-written pages.

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const URL_ATTRIBUTE = /\s(src|href|action|formaction|poster|data|srcset|manifest)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;

/** Every problem found in the page, as readable sentences; empty when the page is fine. */
export function findPageProblems(html: string): string[] {
  const problems: string[] = [];
  const scripts = [...html.matchAll(SCRIPT)];
  if (scripts.length !== (html.match(/<script\b/gi) ?? []).length) problems.push('unclosed <script> element');
  for (const [, attributes = '', body = ''] of scripts) {
    if (body.trim() !== '') problems.push('inline script content');
    if (!/\stype\s*=\s*["']?module["']?(\s|$)/i.test(attributes)) problems.push('script without type="module"');
    const src = /\ssrc\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1];
    if (src === undefined || !/^\/assets\/[\w.-]+\.js$/.test(src)) problems.push(`script not loaded from /assets/: ${src ?? '(no src)'}`);
  }
  if (/<style\b/i.test(html)) problems.push('<style> element');
  if (/<[a-z][^>]*\sstyle\s*=/i.test(html)) problems.push('style attribute');
  if (/<[a-z][^>]*\son[a-z]+\s*=/i.test(html)) problems.push('inline event handler attribute');
  if (/javascript:/i.test(html)) problems.push('javascript: URL');
  if (/https?:\/\//i.test(html)) problems.push('http:// or https:// URL');
  for (const reference of referencedUrls(html)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(reference) || reference.startsWith('//')) {
      problems.push(`reference to another origin or scheme: ${reference}`);
    }
  }
  if (!/<html\b[^>]*\slang\s*=\s*["']?[a-z]{2,3}(-[a-z0-9]+)*["']?/i.test(html)) problems.push('<html> without lang');
  if (!/<html\b[^>]*\sdir\s*=\s*["']?(ltr|rtl)["']?/i.test(html)) problems.push('<html> without dir');
  if ((html.match(/<main\b/gi) ?? []).length !== 1) problems.push('not exactly one <main> landmark');
  return problems;
}

/** The values of every attribute that loads or links to something (src, href, …). */
export function referencedUrls(html: string): string[] {
  return [...html.matchAll(URL_ATTRIBUTE)].map((match) => match[2] ?? match[3] ?? match[4] ?? '');
}
